import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { clickhouseDialect } from '../dialect/clickhouse.dialect.js';
import { SerialQueue } from '../engine/serial-queue.js';
import type { QueryLog } from '../duckdb/duckdb-warehouse.js';
import type { StoreSteps } from '../engine/store-steps.js';
import type { AppendColumn, Row, SqlSession, Warehouse } from '../warehouse.js';
import { bindParams, CLICKHOUSE_RESULT_FORMAT, parseCompactWithTypes, toJsonEachRow } from './clickhouse-rows.js';
import { clickhouseStoreSteps, type RawInsertSession } from './clickhouse-store-steps.js';
import { onCluster } from './clickhouse-layout.js';

export interface ClickHouseHttpOptions {
  /** e.g. http://localhost:8123 */
  url: string;
  username?: string;
  password?: string;
  /** Created when absent (default `default`). */
  database?: string;
  /** A cluster named in the server's remote_servers: the schema is created ON CLUSTER (see clickhouse-layout.ts). */
  cluster?: string | null;
  onQuery?: QueryLog;
}

/**
 * The oldest server accepted: 23.8 is the oldest long-term-support release with everything the store
 * uses (UInt128, DateTime64, JSONType, window functions, lightweight DELETE on by default, temporary
 * tables in HTTP sessions). Only 26.7 (chdb's engine) is tested here; see docs/scale-out.md.
 */
export const MIN_CLICKHOUSE_VERSION = [23, 8] as const;

const SETTINGS = { output_format_json_quote_64bit_integers: 0, join_use_nulls: 1, session_timezone: 'UTC' } as const;
/**
 * On a cluster: inserts through a Distributed table reach the shards before they return; GROUP BY
 * person_id runs on the shards; a subquery over a Distributed table inside a distributed query is
 * run once and sent to the shards (GLOBAL), as the analyses' `IN (SELECT … FROM events)` need.
 */
const CLUSTER_SETTINGS = { insert_distributed_sync: 1, optimize_distributed_group_by_sharding_key: 1, distributed_product_mode: 'global' } as const;
const INSERT_SETTINGS = { date_time_input_format: 'best_effort' } as const;
const stripTemp = (table: string) => table.replace(/^temp\./, '');

/** One HTTP client: the writer's carries a session id (its temporary tables live in that session). */
class HttpSession implements RawInsertSession {
  readonly dialect = clickhouseDialect;
  private readonly queue = new SerialQueue();
  constructor(
    readonly client: ClickHouseClient,
    readonly steps: StoreSteps,
    private readonly onQuery?: QueryLog,
  ) {}

  /** A session answers one statement at a time (ClickHouse refuses concurrent queries in one session). */
  serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run(fn);
  }

  async query<T extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const t0 = performance.now();
    const rs = await this.client.query({ query: sql, query_params: bindParams(params), format: CLICKHOUSE_RESULT_FORMAT });
    const rows = parseCompactWithTypes(await rs.text()) as T[];
    this.onQuery?.({ sql, durationMs: performance.now() - t0, rows: rows.length });
    return rows;
  }

  async exec(sql: string, params: readonly unknown[] = []): Promise<void> {
    const t0 = performance.now();
    await this.client.command({ query: sql, query_params: bindParams(params) });
    this.onQuery?.({ sql, durationMs: performance.now() - t0 });
  }

  async append(table: string, columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
    if (rows.length === 0) return;
    await this.insertRaw(`${stripTemp(table)} (${columns.map((c) => clickhouseDialect.ident(c.name)).join(', ')})`, Buffer.from(toJsonEachRow(columns, rows)), 'JSONEachRow');
  }

  /** The bytes go as the request body of `INSERT INTO table FORMAT …` (the server parses them). */
  async insertRaw(table: string, payload: Buffer, format: 'JSONEachRow', settings: Record<string, string | number> = {}): Promise<void> {
    if (payload.length === 0) return;
    const t0 = performance.now();
    const r = await this.client.exec({
      query: `INSERT INTO ${stripTemp(table)} FORMAT ${format}`,
      values: Readable.from([payload]),
      clickhouse_settings: { ...INSERT_SETTINGS, ...settings } as never,
    });
    // Read the (empty) answer to its end: the insert is done when the response is.
    for await (const _ of r.stream) void _;
    this.onQuery?.({ sql: `INSERT INTO ${table} FORMAT ${format} (${payload.length} bytes)`, durationMs: performance.now() - t0 });
  }
}

/**
 * A ClickHouse server (or cluster) through the official client: the same SQL and results as
 * `ChdbWarehouse` (the tests run the store and the analytics on chdb, the same engine embedded).
 * Reads go through a client of their own, so analyses do not wait behind a load.
 */
export class ClickHouseHttpWarehouse implements Warehouse, RawInsertSession {
  readonly dialect = clickhouseDialect;

  private constructor(
    private readonly writer: HttpSession,
    private readonly reader: HttpSession,
  ) {}

  get steps(): StoreSteps {
    return this.writer.steps;
  }

  static async open(opts: ClickHouseHttpOptions): Promise<ClickHouseHttpWarehouse> {
    const database = opts.database ?? 'default';
    const cluster = opts.cluster ?? null;
    // Errors are thrown to the caller, who says what failed; the client's own log would repeat them.
    const conn = { url: opts.url, username: opts.username, password: opts.password, log: { level: ClickHouseLogLevel.OFF } };
    const base = { ...conn, clickhouse_settings: { ...SETTINGS, ...(cluster ? CLUSTER_SETTINGS : {}) } as never };
    // No settings until the version is known: an old server refuses the ones it does not have.
    const setup = createClient(conn);
    try {
      const ping = await setup.ping();
      if (!ping.success) throw new Error(`ClickHouse at ${opts.url} did not answer: ${String((ping as { error?: Error }).error?.message)}`);
      const rs = await setup.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' });
      const [{ v }] = (await rs.json()) as [{ v: string }];
      const [major = 0, minor = 0] = v.split('.').map(Number);
      const [minMajor, minMinor] = MIN_CLICKHOUSE_VERSION;
      if (major < minMajor || (major === minMajor && minor < minMinor)) {
        throw new Error(`ClickHouse ${v} at ${opts.url} is older than ${minMajor}.${minMinor}, the oldest version Trailmap's SQL runs on; see docs/scale-out.md`);
      }
      await setup.command({ query: `CREATE DATABASE IF NOT EXISTS ${clickhouseDialect.ident(database)}${onCluster({ database, cluster })}`, clickhouse_settings: base.clickhouse_settings });
    } finally {
      await setup.close();
    }
    const steps = clickhouseStoreSteps({ database, cluster });
    // session_timeout is read by the HTTP handler, not a setting: the writer's work tables outlive a quiet hour.
    const writer = createClient({ ...base, database, session_id: `trailmap-${randomUUID()}`, clickhouse_settings: { ...(base.clickhouse_settings as object), session_timeout: 3600 } as never });
    const reader = createClient({ ...base, database });
    return new ClickHouseHttpWarehouse(new HttpSession(writer, steps, opts.onQuery), new HttpSession(reader, steps, opts.onQuery));
  }

  query<T extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.reader.query<T>(sql, params);
  }

  exec(sql: string, params: readonly unknown[] = []): Promise<void> {
    return this.writer.serial(() => this.writer.exec(sql, params));
  }

  append(table: string, columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
    return this.writer.serial(() => this.writer.append(table, columns, rows));
  }

  insertRaw(table: string, payload: Buffer, format: 'JSONEachRow', settings?: Record<string, string | number>): Promise<void> {
    return this.writer.serial(() => this.writer.insertRaw(table, payload, format, settings));
  }

  onWriter<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.writer.serial(() => fn(this.writer));
  }

  /** ClickHouse has no multi-statement transactions: statements run in order on the writer, each atomic. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.onWriter(fn);
  }

  async close(): Promise<void> {
    await this.writer.serial(async () => undefined);
    await Promise.all([this.writer.client.close(), this.reader.client.close()]);
  }
}
