import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertUnreachable } from '@trailmap/core';
import { DuckDbWarehouse } from '../duckdb/duckdb-warehouse.js';
import type { CommitResult } from '../ingest/commit-staged.js';
import { insertQuarantineFromTemp } from '../ingest/quarantine.js';
import { STAGING_COLUMNS, STAGING_TABLE } from '../ingest/staging.js';
import type { TempColumn } from '../engine/store-steps.js';
import type { EventStore } from '../store/event-store.js';
import type { SqlSession, Warehouse } from '../warehouse.js';
import { CHECKED_ROWS, QUARANTINE_COLUMNS, quarantineRowsSql, storeQuarantined } from './stage-rows.sql.js';

/**
 * Where an import reads and checks its file, and how the checked rows reach the store. The
 * readers and the validator are DuckDB SQL: on a DuckDB store they run on the store's own writer
 * and the commit takes the checked rows where they are (prepared: nothing is copied or parsed
 * again); beside another engine they run on an in-memory DuckDB, and the rows move into that
 * engine's staging through its own seam for loading a JSON Lines file (StoreSteps.readJsonLines),
 * then the usual commit runs there.
 */
export interface ImportEngine {
  /** DuckDB, where the file is read and every row checked into `_imp_checked` / `_imp_bad`. */
  readonly reader: Warehouse;
  /** Whether `_imp_checked` must carry the commit's prepared columns (see preparedRowsSql). */
  readonly prepared: boolean;
  /** Store the quarantined rows and commit the valid ones into the store's events. */
  commit(file: string, quarantined: number): Promise<CommitResult>;
  close(): Promise<void>;
}

/** The import engine for a store, chosen by the store's warehouse. */
export async function importEngine(store: EventStore): Promise<ImportEngine> {
  const name = store.db.dialect.name;
  switch (name) {
    case 'duckdb':
      return {
        reader: store.db,
        prepared: true,
        commit: async (file, quarantined) => (await store.bulkLoad((tx) => storeQuarantined(tx, file, quarantined), CHECKED_ROWS)).commit,
        close: async () => undefined,
      };
    case 'clickhouse':
      return besideEngine(store, await DuckDbWarehouse.open({ path: ':memory:' }));
    default:
      return assertUnreachable(name);
  }
}

/** Files of at most this size carry the rows across (each is read into memory once by the engine's loader). */
const CHUNK_BYTES = '64MB';
const STAGED = STAGING_COLUMNS.map((c) => c.name).join(', ');

/** Write a SELECT's rows as JSON Lines files in `dir` (DuckDB splits them by size); the file paths in order. */
async function exportRows(reader: SqlSession, select: string, params: readonly unknown[], dir: string): Promise<string[]> {
  await reader.exec(`COPY (${select}) TO '${dir.replace(/'/g, "''")}' (FORMAT json, FILE_SIZE_BYTES '${CHUNK_BYTES}')`, params);
  const names = await readdir(dir).catch(() => [] as string[]);
  const index = (n: string) => Number(/(\d+)\.json$/.exec(n)?.[1] ?? 0);
  return names.filter((n) => n.endsWith('.json')).sort((a, b) => index(a) - index(b)).map((n) => join(dir, n));
}

/** Load JSON Lines files into work table `into` (created empty first) through the engine's loader, chunk by chunk. */
async function loadRows(tx: SqlSession, files: readonly string[], into: string, columns: readonly TempColumn[]): Promise<void> {
  const list = columns.map((c) => tx.dialect.ident(c.name)).join(', ');
  for (const f of files) {
    await tx.steps.readJsonLines(tx, f, '_imp_chunk', columns);
    await tx.exec(`INSERT INTO ${into} (${list}) SELECT ${list} FROM _imp_chunk`);
  }
  await tx.steps.dropTemp(tx, '_imp_chunk');
}

function besideEngine(store: EventStore, reader: DuckDbWarehouse): ImportEngine {
  return {
    reader,
    prepared: false,
    async commit(file, quarantined) {
      const dir = await mkdtemp(join(tmpdir(), 'trailmap-handover-'));
      try {
        const staged = await exportRows(reader, `SELECT ${STAGED} FROM _imp_checked WHERE code IS NULL`, [], join(dir, 'staged'));
        const bad = quarantined > 0 ? await exportRows(reader, quarantineRowsSql(), [file], join(dir, 'quarantine')) : [];
        const { commit } = await store.bulkLoad(async (tx) => {
          if (bad.length) {
            await tx.steps.replaceTemp(tx, '_quarantine', QUARANTINE_COLUMNS);
            await loadRows(tx, bad, '_quarantine', QUARANTINE_COLUMNS);
            await insertQuarantineFromTemp(tx);
          }
          await loadRows(tx, staged, STAGING_TABLE, STAGING_COLUMNS);
        });
        return commit;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    close: () => reader.close(),
  };
}
