import { z } from 'zod';
import { warehouseTargetSchema } from './warehouse-target.schema.js';

/** One browser origin as the `Origin` header spells it: scheme://host[:port], no path. */
const corsOrigin = z.string().regex(/^https?:\/\/[^/\s?#]+$/, 'each origin is scheme://host[:port] with no path, e.g. https://shop.example');

/** Process settings, parsed once from the environment at start and passed down. */
export const appConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Loopback by default; set HOST=0.0.0.0 to serve other machines. */
  host: z.string().default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  /**
   * The state store (keys, settings, catalogue edits, notes, estimates, the imports log):
   * `embedded` = PGlite files in <dataDir>/state; a postgres:// URL = a PostgreSQL server that
   * several processes may share.
   */
  state: z
    .string()
    .trim()
    .default('embedded')
    .refine((v) => v === 'embedded' || /^postgres(ql)?:\/\/[^/\s]/.test(v), 'TRAILMAP_STATE must be `embedded` (the default) or a PostgreSQL URL postgres://user:password@host:5432/database'),
  /** Where events live and analytics run: duckdb (default), chdb, or a ClickHouse server URL (see warehouse-target.schema.ts). */
  warehouse: warehouseTargetSchema,
  writeKey: z.string().min(8, 'TRAILMAP_WRITE_KEY must be at least 8 characters').optional(),
  readKey: z.string().min(8, 'TRAILMAP_READ_KEY must be at least 8 characters').optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  demoEvents: z.coerce.number().int().min(0).default(200_000),
  /** Web app local session (a cookie bound to the read key): `auto` = on when serving loopback only. */
  webSession: z.enum(['auto', 'on', 'off']).default('auto'),
  /** How often the collection log is loaded into the warehouse (ms); reads always load what is pending first. */
  loadEveryMs: z.coerce.number().int().min(10).max(60_000).default(1000),
  /**
   * The URL people open the server by (e.g. https://trailmap.example.com behind a proxy). The web
   * app and its session answer only to this host name; unset = loopback names (and HOST's address).
   */
  publicUrl: z.url({ protocol: /^https?$/, error: 'TRAILMAP_PUBLIC_URL must be an http(s) URL such as https://trailmap.example.com' }).optional(),
  /**
   * Origins whose pages may send events cross-origin (collection routes only; read routes never
   * answer cross-origin): `*` (any; also when unset or empty), `none`, or a comma-separated list
   * of origins.
   */
  corsOrigins: z
    .preprocess(
      (v) => {
        if (typeof v !== 'string') return v;
        const t = v.trim().toLowerCase();
        if (t === '*' || t === '') return '*';
        return t === 'none' ? [] : t.split(',').map((o) => o.trim()).filter(Boolean);
      },
      z.union([z.literal('*'), z.array(corsOrigin)]),
    )
    .default('*'),
  /**
   * Threads that parse, validate and encode collection requests, so the request thread only does
   * I/O; 0 = on the request thread; absent = one per core, at most 4 (started as load needs them).
   */
  collectWorkers: z.coerce.number().int().min(0).max(16).optional(),
  /** Worker threads for the decide analyses' computations; 0 = cores − 1 (at least 1). */
  computeWorkers: z.coerce.number().int().min(0).max(64).default(0),
  /** A computation running longer is stopped and answered 503 compute_budget_exceeded. */
  computeBudgetMs: z.coerce.number().int().min(1).max(3_600_000).default(30_000),
  /** Computations that may wait for a worker; one more is answered 503 compute_busy with Retry-After. */
  computeQueue: z.coerce.number().int().min(0).max(1000).default(8),
  /** How often the server runs a scoring run (TRAILMAP_SCORES_EVERY): `6h`, `30m`, `1d` or ms; `0` / `off` = never; unset = 24 h (parsed by the server's scoresEveryMs). */
  scoresEvery: z.string().max(40).optional(),
  /** Whether this server runs a journey worker and sender itself (`off`: dedicated `trailmap worker` processes do; the server still loads their events). */
  journeysWorker: z.enum(['on', 'off']).default('on'),
  /** How long a journey worker holds the people it leased (a worker that dies holds them this long at most). */
  journeysLeaseMs: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** A channel that takes longer than this to send a message is aborted (a retryable failure). */
  journeysSendTimeoutMs: z.coerce.number().int().min(100).max(300_000).default(15_000),
});
export type AppConfig = z.infer<typeof appConfigSchema>;

/** The only place that reads process.env. */
export function appConfigFromEnv(env: Record<string, string | undefined>, overrides: Partial<AppConfig> = {}): AppConfig {
  const parsed = appConfigSchema.safeParse({
    port: env.PORT,
    host: env.HOST,
    dataDir: env.TRAILMAP_DATA_DIR,
    state: env.TRAILMAP_STATE || undefined,
    warehouse: env.TRAILMAP_WAREHOUSE,
    writeKey: env.TRAILMAP_WRITE_KEY,
    readKey: env.TRAILMAP_READ_KEY,
    logLevel: env.LOG_LEVEL,
    demoEvents: env.TRAILMAP_DEMO_EVENTS,
    webSession: env.TRAILMAP_WEB_SESSION,
    loadEveryMs: env.TRAILMAP_LOAD_EVERY_MS,
    publicUrl: env.TRAILMAP_PUBLIC_URL || undefined,
    corsOrigins: env.TRAILMAP_CORS_ORIGINS,
    collectWorkers: env.TRAILMAP_COLLECT_WORKERS,
    computeWorkers: env.TRAILMAP_COMPUTE_WORKERS,
    computeBudgetMs: env.TRAILMAP_COMPUTE_BUDGET_MS,
    computeQueue: env.TRAILMAP_COMPUTE_QUEUE,
    scoresEvery: env.TRAILMAP_SCORES_EVERY || undefined,
    journeysWorker: env.TRAILMAP_JOURNEYS_WORKER || undefined,
    journeysLeaseMs: env.TRAILMAP_JOURNEYS_LEASE_MS || undefined,
    journeysSendTimeoutMs: env.TRAILMAP_JOURNEYS_SEND_TIMEOUT_MS || undefined,
    ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
