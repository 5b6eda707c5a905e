import { drainPending, Session } from 'chdb';
import { clickhouseDialect } from '../dialect/clickhouse.dialect.js';
import type { QueryLog } from '../duckdb/duckdb-warehouse.js';
import type { StoreSteps } from '../engine/store-steps.js';
import type { AppendColumn, Row, SqlSession, Warehouse } from '../warehouse.js';
import { bindParams, CLICKHOUSE_RESULT_FORMAT, parseCompactWithTypes, toJsonEachRow } from './clickhouse-rows.js';
import { clickhouseStoreSteps, type RawInsertSession } from './clickhouse-store-steps.js';

export interface ChdbOptions {
  /** Data directory; a temporary one when omitted. */
  path?: string;
  onQuery?: QueryLog;
}

/** The database holding the store's tables inside the chdb directory (Atomic: EXCHANGE TABLES works). */
export const CHDB_DATABASE = 'trailmap';

const CONNECTION_ARGS = ['--output_format_json_quote_64bit_integers=0', '--join_use_nulls=1', '--session_timezone=UTC'];
const INSERT_SETTINGS = { date_time_input_format: 'best_effort' };
const stripTemp = (table: string) => table.replace(/^temp\./, '');

/** The engine's message for the two ways opening a directory fails, said in Trailmap's terms. */
function openError(path: string, e: Error): Error {
  const msg = e.message;
  if (/only one active data directory per process/i.test(msg)) {
    return new Error(
      `embedded ClickHouse (chdb) serves one data directory per process, and another one is open here, so ${path} cannot be: ` +
        `close that store first, or run one Trailmap process per data directory.\n  engine said: ${msg.split('\n')[0]}`,
    );
  }
  if (/Cannot lock file|Failed to create connection/i.test(msg)) {
    return new Error(
      `the database ${path} is in use by another Trailmap process (embedded ClickHouse allows one process per directory). ` +
        `Stop the server first, or send data through its HTTP API.\n  engine said: ${msg.split('\n')[0]}`,
    );
  }
  return e;
}

/** One chdb connection; statements on it run one at a time, in order. */
class ChdbSession implements RawInsertSession {
  readonly dialect = clickhouseDialect;
  private queue: Promise<unknown> = Promise.resolve();
  constructor(
    readonly session: Session,
    readonly steps: StoreSteps,
    private readonly onQuery?: QueryLog,
  ) {}

  serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  async query<T extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const t0 = performance.now();
    const r = await this.session.queryBindAsync(sql, bindParams(params), { format: CLICKHOUSE_RESULT_FORMAT });
    const rows = parseCompactWithTypes(r.text()) as T[];
    this.onQuery?.({ sql, durationMs: performance.now() - t0, rows: rows.length });
    return rows;
  }

  async exec(sql: string, params: readonly unknown[] = []): Promise<void> {
    const t0 = performance.now();
    await this.session.queryBindAsync(sql, bindParams(params), { format: 'JSONEachRow' });
    this.onQuery?.({ sql, durationMs: performance.now() - t0 });
  }

  async append(table: string, columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
    if (rows.length === 0) return;
    await this.session.insert({ table: stripTemp(table), columns: columns.map((c) => c.name), values: toJsonEachRow(columns, rows), format: 'JSONEachRow', settings: INSERT_SETTINGS });
  }

  async insertRaw(table: string, payload: Buffer, format: 'JSONEachRow', settings: Record<string, string | number> = {}): Promise<void> {
    if (payload.length === 0) return;
    const t0 = performance.now();
    await this.session.insert({ table: stripTemp(table), values: payload, format, settings: { ...INSERT_SETTINGS, ...settings } });
    this.onQuery?.({ sql: `INSERT INTO ${table} FORMAT ${format} (${payload.length} bytes)`, durationMs: performance.now() - t0 });
  }
}

/**
 * ClickHouse's engine embedded in the process through chdb, its files in one directory. libchdb
 * binds one data directory per process: sessions on the same directory coexist (this store opens
 * two, a writer and a reader, so analyses do not wait behind a load), a session on another one is
 * refused until every session here is closed. So a process serves one chdb data directory at a
 * time, and a second process on the same directory is refused (the engine locks it), as with DuckDB.
 * ClickHouse has no multi-statement transactions: `transaction` runs the work in order on the
 * writer, and the store's write steps are made safe to re-run (see StoreSteps).
 */
export class ChdbWarehouse implements Warehouse, RawInsertSession {
  readonly dialect = clickhouseDialect;

  private constructor(
    private readonly writer: ChdbSession,
    private readonly reader: ChdbSession,
  ) {}

  static async open(opts: ChdbOptions = {}): Promise<ChdbWarehouse> {
    const path = opts.path;
    const steps = clickhouseStoreSteps({ database: CHDB_DATABASE, cluster: null });
    let writer: Session;
    try {
      writer = new Session(path, { connectionArgs: CONNECTION_ARGS });
    } catch (e) {
      throw openError(path ?? '(a temporary directory)', e as Error);
    }
    try {
      await writer.queryAsync(`CREATE DATABASE IF NOT EXISTS ${CHDB_DATABASE} ENGINE = Atomic`);
      // Same directory: this second connection is allowed beside the first.
      const reader = new Session(writer.path, { connectionArgs: CONNECTION_ARGS });
      for (const s of [writer, reader]) await s.queryAsync(`USE ${CHDB_DATABASE}`);
      return new ChdbWarehouse(new ChdbSession(writer, steps, opts.onQuery), new ChdbSession(reader, steps, opts.onQuery));
    } catch (e) {
      writer.close();
      await drainPending();
      throw e;
    }
  }

  get steps(): StoreSteps {
    return this.writer.steps;
  }

  /** The directory the engine's files are in. */
  get path(): string {
    return this.writer.session.path;
  }

  query<T extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.reader.serial(() => this.reader.query<T>(sql, params));
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

  /** Raw bulk insert of a JSONEachRow payload (used to load test and benchmark data). */
  insertJsonEachRow(table: string, payload: Buffer | string): Promise<void> {
    return this.insertRaw(table, Buffer.isBuffer(payload) ? payload : Buffer.from(payload), 'JSONEachRow');
  }

  /** Work tables live on the writer's connection: everything of one load runs there, in order. */
  onWriter<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.writer.serial(() => fn(this.writer));
  }

  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.onWriter(fn);
  }

  async close(): Promise<void> {
    await Promise.all([this.writer.serial(async () => undefined), this.reader.serial(async () => undefined)]);
    this.reader.session.close();
    this.writer.session.close();
    // Until the engine has let go of the directory, another one cannot be opened in this process.
    await drainPending();
  }
}
