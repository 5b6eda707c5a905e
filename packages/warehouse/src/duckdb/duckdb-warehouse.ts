import { renameSync, rmSync } from 'node:fs';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { duckdbDialect } from '../dialect/duckdb.dialect.js';
import { SerialQueue } from '../engine/serial-queue.js';
import { duckdbStoreSteps } from './duckdb-store-steps.js';
import type { AppendColumn, Row, SqlSession, Warehouse } from '../warehouse.js';
import { toPlainRows } from './to-js-row.js';

/** Receives every statement with its duration (the server logs these at debug level). */
export type QueryLog = (entry: { sql: string; durationMs: number; rows?: number }) => void;

export interface DuckDbOptions {
  onQuery?: QueryLog;
  /** Database file, or ':memory:'. */
  path: string;
  /** DuckDB settings such as threads or memory_limit. */
  settings?: Record<string, string>;
}

function appendValue(a: DuckDBAppender, col: AppendColumn, v: unknown) {
  if (v === null || v === undefined) return a.appendNull();
  if (col.kind === 'int') return a.appendBigInt(BigInt(v as number));
  return a.appendVarchar(typeof v === 'string' ? v : String(v));
}

class DuckDbSession implements SqlSession {
  readonly dialect = duckdbDialect;
  readonly steps = duckdbStoreSteps;
  constructor(
    protected conn: DuckDBConnection,
    protected readonly onQuery?: QueryLog,
  ) {}

  async query<T extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const t0 = performance.now();
    const reader = await this.conn.runAndReadAll(sql, params as DuckDBValue[]);
    const rows = toPlainRows(reader.getRowObjectsJS() as Row[]) as T[];
    this.onQuery?.({ sql, durationMs: performance.now() - t0, rows: rows.length });
    return rows;
  }

  async exec(sql: string, params: readonly unknown[] = []): Promise<void> {
    const t0 = performance.now();
    await this.conn.run(sql, params.length ? (params as DuckDBValue[]) : undefined);
    this.onQuery?.({ sql, durationMs: performance.now() - t0 });
  }

  async append(table: string, columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
    const [schema, name] = table.includes('.') ? (table.split('.') as [string, string]) : [null, table];
    const a = schema === 'temp' ? await this.conn.createAppender(name, 'main', 'temp') : await this.conn.createAppender(name);
    try {
      for (const row of rows) {
        for (let i = 0; i < columns.length; i++) appendValue(a, columns[i]!, row[i]);
        a.endRow();
      }
      a.flushSync();
    } finally {
      a.closeSync();
    }
  }
}

/** Embedded DuckDB: one file under the data directory; a writer connection and a reader. */
export class DuckDbWarehouse extends DuckDbSession implements Warehouse {
  private readonly queue = new SerialQueue();

  /** While `compact` swaps the file: readers wait on it. */
  private gate: Promise<void> | null = null;
  private reads = 0;
  private drained: (() => void) | null = null;

  private constructor(
    private instance: DuckDBInstance,
    private writer: DuckDBConnection,
    reader: DuckDBConnection,
    private readonly opts: DuckDbOptions,
  ) {
    super(reader, opts.onQuery);
  }

  private static async connect(instance: DuckDBInstance): Promise<[DuckDBConnection, DuckDBConnection]> {
    const writer = await instance.connect();
    const reader = await instance.connect();
    for (const c of [writer, reader]) await c.run(`SET TimeZone = 'UTC'`);
    // Lets writerProgress read the running statement's estimate (nothing is printed).
    await writer.run('SET enable_progress_bar = true');
    await writer.run('SET enable_progress_bar_print = false');
    await writer.run('SET progress_bar_time = 0');
    return [writer, reader];
  }

  override async query<T extends object = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    while (this.gate) await this.gate;
    this.reads++;
    try {
      return await super.query<T>(sql, params);
    } finally {
      if (--this.reads === 0) this.drained?.();
    }
  }

  /**
   * DuckDB keeps deleted rows in the file's blocks (CHECKPOINT and FORCE CHECKPOINT leave them;
   * measured on 1.5), so the database is copied into a new file (COPY FROM DATABASE: schema,
   * constraints and live rows only), the connections closed, the copy renamed over the file and
   * opened again. Writers wait in the queue, readers at the gate. A crash before the rename leaves
   * the old file (and a stray copy, replaced next time); the rename itself is atomic.
   */
  compact(): Promise<void> {
    if (this.opts.path === ':memory:') return Promise.resolve();
    return this.serial(async () => {
      let open!: () => void;
      this.gate = new Promise<void>((r) => (open = r));
      try {
        while (this.reads > 0) await new Promise<void>((r) => (this.drained = r));
        this.drained = null;
        const path = this.opts.path;
        const copy = `${path}.compact`;
        for (const f of [copy, `${copy}.wal`]) rmSync(f, { force: true });
        const [row] = (await this.writer.runAndReadAll('SELECT current_database() AS db')).getRowObjectsJS() as Array<{ db: string }>;
        const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
        await this.writer.run(`ATTACH ${lit(copy)} AS trailmap_compact`);
        try {
          await this.writer.run(`COPY FROM DATABASE ${duckdbDialect.ident(row!.db)} TO trailmap_compact`);
        } finally {
          await this.writer.run('DETACH trailmap_compact');
        }
        this.writer.closeSync();
        this.conn.closeSync();
        this.instance.closeSync();
        renameSync(copy, path);
        for (const f of [`${path}.wal`, `${path}.tmp`]) rmSync(f, { force: true, recursive: true });
        this.instance = await DuckDBInstance.create(path, this.opts.settings);
        [this.writer, this.conn] = await DuckDbWarehouse.connect(this.instance);
      } finally {
        this.gate = null;
        open();
      }
    });
  }

  static async open(opts: DuckDbOptions): Promise<DuckDbWarehouse> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(opts.path, opts.settings);
    } catch (e) {
      const msg = (e as Error).message;
      if (/lock/i.test(msg)) {
        throw new Error(
          `the database ${opts.path} is in use by another Trailmap process (DuckDB allows one writer per file). ` +
            `Stop the server first, or send data through its HTTP API.\n  engine said: ${msg.split('\n')[0]}`,
        );
      }
      throw e;
    }
    const [writer, reader] = await DuckDbWarehouse.connect(instance);
    return new DuckDbWarehouse(instance, writer, reader, opts);
  }

  /** Serialize writers: DuckDB has one writer per database; queued work runs in order. */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    return this.queue.run(fn);
  }

  override exec(sql: string, params: readonly unknown[] = []): Promise<void> {
    return this.serial(() => new DuckDbSession(this.writer, this.onQuery).exec(sql, params));
  }

  override append(table: string, columns: readonly AppendColumn[], rows: ReadonlyArray<readonly unknown[]>): Promise<void> {
    return this.serial(() => new DuckDbSession(this.writer, this.onQuery).append(table, columns, rows));
  }

  onWriter<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.serial(() => fn(new DuckDbSession(this.writer, this.onQuery)));
  }

  writerProgress(): number | null {
    const p = this.writer.progress.percentage;
    return p >= 0 ? p : null;
  }

  transaction<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.serial(async () => {
      const tx = new DuckDbSession(this.writer, this.onQuery);
      await this.writer.run('BEGIN TRANSACTION');
      try {
        const out = await fn(tx);
        await this.writer.run('COMMIT');
        return out;
      } catch (e) {
        await this.writer.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      await this.writer.run('CHECKPOINT').catch(() => undefined);
      this.writer.closeSync();
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }
}
