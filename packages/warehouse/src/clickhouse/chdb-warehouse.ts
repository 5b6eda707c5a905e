import type { Session } from 'chdb';
import { clickhouseDialect } from '../dialect/clickhouse.dialect.js';
import { SerialQueue } from '../engine/serial-queue.js';
import type { QueryLog } from '../duckdb/duckdb-warehouse.js';
import type { StoreSteps } from '../engine/store-steps.js';
import type { AppendColumn, Row, SqlSession, Warehouse } from '../warehouse.js';
import { leaseChdb, type ChdbLease } from './chdb-process.js';
import { bindParams, CLICKHOUSE_RESULT_FORMAT, parseCompactWithTypes, toJsonEachRow } from './clickhouse-rows.js';
import { clickhouseStoreSteps, type RawInsertSession } from './clickhouse-store-steps.js';

export { CHDB_DATABASE } from './chdb-process.js';

export interface ChdbOptions {
  /** Data directory; a temporary one when omitted. */
  path?: string;
  onQuery?: QueryLog;
}

const INSERT_SETTINGS = { date_time_input_format: 'best_effort' };
const stripTemp = (table: string) => table.replace(/^temp\./, '');

/** One chdb connection; statements on it run one at a time, in order. */
class ChdbSession implements RawInsertSession {
  readonly dialect = clickhouseDialect;
  private readonly queue = new SerialQueue();
  constructor(
    readonly session: Session,
    readonly steps: StoreSteps,
    private readonly onQuery?: QueryLog,
  ) {}

  serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run(fn);
  }

  /**
   * A query that fails after its output began (the header of the result, say) leaves that output
   * in the connection, and chdb hands it to the next query on it as part of that query's result:
   * wrong rows. After a failure, one throwaway query takes the leftover, then the error goes on.
   */
  private async afterFailureFlush<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      await this.session.queryAsync('SELECT 1', { format: 'CSV' }).catch(() => undefined);
      throw e;
    }
  }

  async query<T extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const t0 = performance.now();
    const r = await this.afterFailureFlush(() => this.session.queryBindAsync(sql, bindParams(params), { format: CLICKHOUSE_RESULT_FORMAT }));
    const rows = parseCompactWithTypes(r.text()) as T[];
    this.onQuery?.({ sql, durationMs: performance.now() - t0, rows: rows.length });
    return rows;
  }

  async exec(sql: string, params: readonly unknown[] = []): Promise<void> {
    const t0 = performance.now();
    await this.afterFailureFlush(() => this.session.queryBindAsync(sql, bindParams(params), { format: 'JSONEachRow' }));
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
 * binds one data directory per process; see chdb-process.ts for how stores share it (one database
 * per store). Each store has two connections, a writer and a reader, so analyses do not wait behind
 * a load; a second process on the same directory is refused (the engine locks it), as with DuckDB.
 * ClickHouse has no multi-statement transactions: `transaction` runs the work in order on the
 * writer, and the store's write steps are made safe to re-run (see StoreSteps).
 */
export class ChdbWarehouse implements Warehouse, RawInsertSession {
  readonly dialect = clickhouseDialect;

  private constructor(
    private readonly lease: ChdbLease,
    private readonly writer: ChdbSession,
    private readonly reader: ChdbSession,
  ) {}

  static async open(opts: ChdbOptions = {}): Promise<ChdbWarehouse> {
    const lease = await leaseChdb(opts.path);
    const steps = clickhouseStoreSteps({ database: lease.database, cluster: null });
    return new ChdbWarehouse(lease, new ChdbSession(lease.writer, steps, opts.onQuery), new ChdbSession(lease.reader, steps, opts.onQuery));
  }

  get steps(): StoreSteps {
    return this.writer.steps;
  }

  /** Where this store's tables are: the engine's directory and the database in it. */
  get location(): { dir: string; database: string } {
    return { dir: this.lease.dir, database: this.lease.database };
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
    await this.lease.release();
  }
}
