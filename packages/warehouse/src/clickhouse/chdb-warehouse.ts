import { Session } from 'chdb';
import { clickhouseDialect } from '../dialect/clickhouse.dialect.js';
import type { QueryLog } from '../duckdb/duckdb-warehouse.js';
import type { AppendColumn, Row, SqlSession, Warehouse } from '../warehouse.js';
import { bindParams, CLICKHOUSE_RESULT_FORMAT, parseCompactWithTypes, toJsonEachRow } from './clickhouse-rows.js';

export interface ChdbOptions {
  /** Data directory; a temporary one when omitted. libchdb binds one directory per process. */
  path?: string;
  onQuery?: QueryLog;
}

/**
 * ClickHouse's engine embedded in the process through chdb. Used by tests and benchmarks so that
 * every analytics query also runs on ClickHouse; the server adapter is `ClickHouseHttpWarehouse`.
 * ClickHouse has no multi-statement transactions: `transaction` runs the work in order, unatomic.
 */
export class ChdbWarehouse implements Warehouse {
  readonly dialect = clickhouseDialect;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly session: Session,
    private readonly onQuery?: QueryLog,
  ) {}

  static async open(opts: ChdbOptions = {}): Promise<ChdbWarehouse> {
    const session = new Session(opts.path, {
      connectionArgs: ['--output_format_json_quote_64bit_integers=0', '--join_use_nulls=1', '--session_timezone=UTC'],
    });
    return new ChdbWarehouse(session, opts.onQuery);
  }

  /** The session runs one statement at a time. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  query<T extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.serial(async () => {
      const t0 = performance.now();
      const r = await this.session.queryBindAsync(sql, bindParams(params), { format: CLICKHOUSE_RESULT_FORMAT });
      const rows = parseCompactWithTypes(r.text()) as T[];
      this.onQuery?.({ sql, durationMs: performance.now() - t0, rows: rows.length });
      return rows;
    });
  }

  exec(sql: string, params: readonly unknown[] = []): Promise<void> {
    return this.serial(async () => {
      const t0 = performance.now();
      await this.session.queryBindAsync(sql, bindParams(params), { format: 'JSONEachRow' });
      this.onQuery?.({ sql, durationMs: performance.now() - t0 });
    });
  }

  append(table: string, columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
    return this.serial(async () => {
      if (rows.length === 0) return;
      await this.session.insert({
        table,
        columns: columns.map((c) => c.name),
        values: toJsonEachRow(columns, rows),
        format: 'JSONEachRow',
        settings: { date_time_input_format: 'best_effort' },
      });
    });
  }

  /** Raw bulk insert of a JSONEachRow payload (used to load test and benchmark data). */
  insertJsonEachRow(table: string, payload: Buffer | string): Promise<void> {
    return this.serial(async () => {
      await this.session.insert({ table, values: payload, format: 'JSONEachRow', settings: { date_time_input_format: 'best_effort' } });
    });
  }

  onWriter<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return fn(this);
  }

  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.session.close();
  }
}
