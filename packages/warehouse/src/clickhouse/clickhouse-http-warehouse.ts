import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { clickhouseDialect } from '../dialect/clickhouse.dialect.js';
import type { QueryLog } from '../duckdb/duckdb-warehouse.js';
import type { AppendColumn, Row, SqlSession, Warehouse } from '../warehouse.js';
import { bindParams, CLICKHOUSE_RESULT_FORMAT, parseCompactWithTypes, toJsonEachRow } from './clickhouse-rows.js';

export interface ClickHouseHttpOptions {
  /** e.g. http://localhost:8123 */
  url: string;
  username?: string;
  password?: string;
  database?: string;
  onQuery?: QueryLog;
}

const SETTINGS = { output_format_json_quote_64bit_integers: 0, join_use_nulls: 1, session_timezone: 'UTC' } as const;

/**
 * A ClickHouse server through the official client. Same SQL and results as `ChdbWarehouse`
 * (the tests run the analytics on chdb, the same engine embedded).
 */
export class ClickHouseHttpWarehouse implements Warehouse {
  readonly dialect = clickhouseDialect;
  private constructor(
    private readonly client: ClickHouseClient,
    private readonly onQuery?: QueryLog,
  ) {}

  static async open(opts: ClickHouseHttpOptions): Promise<ClickHouseHttpWarehouse> {
    const client = createClient({
      url: opts.url,
      username: opts.username,
      password: opts.password,
      database: opts.database,
      clickhouse_settings: SETTINGS as never,
    });
    const ping = await client.ping();
    if (!ping.success) throw new Error(`ClickHouse at ${opts.url} did not answer: ${String((ping as { error?: Error }).error?.message)}`);
    return new ClickHouseHttpWarehouse(client, opts.onQuery);
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
    const values = toJsonEachRow(columns, rows)
      .split('\n')
      .map((l) => JSON.parse(l));
    await this.client.insert({ table, values, format: 'JSONEachRow', columns: columns.map((c) => c.name) as [string, ...string[]] });
  }

  onWriter<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return fn(this);
  }

  /** ClickHouse has no multi-statement transactions: statements run in order, each atomic. */
  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return fn(this);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
