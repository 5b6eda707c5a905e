import { z } from 'zod';
import { assertUnreachable } from '../result.js';

/** A ClickHouse database or cluster name: these reach DDL as identifiers, so only plain names pass. */
const plainName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Where events live and analytics run (`TRAILMAP_WAREHOUSE`):
 * - `duckdb`: the embedded DuckDB file `trailmap.duckdb` in the data directory (the default);
 * - `chdb`: embedded ClickHouse (the `chdb` package), its files in `<data dir>/chdb`;
 * - `clickhouse`: a ClickHouse server through its HTTP interface; with `cluster`, the schema is
 *   created `ON CLUSTER` (replicated tables, events sharded by person).
 */
export type WarehouseTarget =
  | { kind: 'duckdb' }
  | { kind: 'chdb' }
  | { kind: 'clickhouse'; url: string; username: string; password: string; database: string; cluster: string | null };

const HELP = 'TRAILMAP_WAREHOUSE is duckdb, chdb or http(s)://user:password@host:8123/database[?cluster=NAME]';

/** `http(s)://user:password@host:port/database[?cluster=NAME]` → the server target, or the reason it is not one. */
function clickhouseTarget(text: string): WarehouseTarget | string {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return `${HELP}; ${JSON.stringify(text.replace(/\/\/[^@/]*@/, '//…@'))} is not a URL`;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${HELP}; the URL must be http or https (ClickHouse's HTTP interface), not ${u.protocol}`;
  const database = decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, '')) || 'default';
  if (!plainName.test(database)) return `the database in TRAILMAP_WAREHOUSE must be a plain name (letters, digits, _), not ${JSON.stringify(database)}`;
  let cluster: string | null = null;
  for (const [key, value] of u.searchParams) {
    if (key !== 'cluster') return `TRAILMAP_WAREHOUSE knows one URL option, cluster=NAME, not ${JSON.stringify(key)}`;
    if (!plainName.test(value)) return `the cluster in TRAILMAP_WAREHOUSE must be a plain name (letters, digits, _), not ${JSON.stringify(value)}`;
    cluster = value;
  }
  return {
    kind: 'clickhouse',
    url: `${u.protocol}//${u.host}`,
    username: decodeURIComponent(u.username) || 'default',
    password: decodeURIComponent(u.password),
    database,
    cluster,
  };
}

const targetUnion = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('duckdb') }),
  z.object({ kind: z.literal('chdb') }),
  z.object({
    kind: z.literal('clickhouse'),
    url: z.string().regex(/^https?:\/\/[^/\s?#]+$/),
    username: z.string(),
    password: z.string(),
    database: z.string().regex(plainName),
    cluster: z.string().regex(plainName).nullable(),
  }),
]);

/**
 * `TRAILMAP_WAREHOUSE` → a target, parsed once with the rest of the process settings (zod). Text is
 * read as above (unset = duckdb); an already-parsed target (an override) passes as it is.
 */
export const warehouseTargetSchema = z.preprocess((v, ctx) => {
  if (v !== undefined && typeof v !== 'string') return v;
  const t = (v ?? '').trim();
  if (t === '' || t.toLowerCase() === 'duckdb') return { kind: 'duckdb' };
  if (t.toLowerCase() === 'chdb') return { kind: 'chdb' };
  const r = /^[a-z][a-z0-9+.-]*:\/\//i.test(t) ? clickhouseTarget(t) : `${HELP}, not ${JSON.stringify(t)}`;
  if (typeof r !== 'string') return r;
  ctx.addIssue({ code: 'custom', message: r });
  return z.NEVER;
}, targetUnion) satisfies z.ZodType<WarehouseTarget, unknown>;

/** The target for messages and logs: never the password. */
export function describeWarehouse(t: WarehouseTarget): string {
  switch (t.kind) {
    case 'duckdb':
      return 'DuckDB (embedded)';
    case 'chdb':
      return 'ClickHouse (embedded, chdb)';
    case 'clickhouse':
      return `ClickHouse at ${t.url}, database ${t.database}${t.cluster ? `, cluster ${t.cluster}` : ''}`;
    default:
      return assertUnreachable(t);
  }
}
