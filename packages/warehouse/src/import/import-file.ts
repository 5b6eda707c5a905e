import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MESSAGE_TYPES } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { EventStore } from '../store/event-store.js';
import type { SqlSession } from '../warehouse.js';
import { planColumns, type PlannedColumn } from './column-mapping.js';
import { parseCsvHeader } from './csv-header.js';
import { detectFormat } from './detect-format.js';
import { ImportError } from './import-error.js';
import type { ImportFormat, ImportOptions, ImportReport } from './import-options.js';
import { ISO_INSTANT_MACRO } from './iso-timestamp.sql.js';
import { JS_NUMBER_MACRO } from './js-number.sql.js';
import { CSV_CELL_JSON_MACRO, JSON_KIND_MACRO, JSON_TEXT_MACRO, STRICT_JSON_MACRO } from './json-text.sql.js';
import { readCsv } from './read-csv.sql.js';
import { readJsonl } from './read-jsonl.sql.js';
import { describeParquet, readParquet } from './read-parquet.sql.js';
import type { FileReader } from './reader.js';
import { copyWithLfEndings, scanFile, type FileScan } from './scan-file.js';
import { stageRows, type StagedCounts } from './stage-rows.sql.js';

const MACROS = [JS_NUMBER_MACRO, ISO_INSTANT_MACRO, STRICT_JSON_MACRO, JSON_KIND_MACRO, JSON_TEXT_MACRO, CSV_CELL_JSON_MACRO];
const TEMP_TABLES = ['_imp_checked', '_imp_csv', '_imp_rej', '_imp_rejscan', '_imp_rejects', '_imp_rejects_at', '_imp_rowline', '_imp_blank', '_imp_csv_starts', '_imp_pl', '_imp_pl_rej', '_imp_pl_rejscan', '_imp_lines'];

/** A CSV or Parquet file must say each row's type and time (or be given a default type). */
function requireColumns(file: string, planned: readonly PlannedColumn[], opts: ImportOptions): void {
  const has = (f: string) => planned.some((c) => c.target.kind === 'field' && c.target.field === f);
  if (!has('type') && !opts.defaultType) {
    throw new ImportError(`${file}: there is no type column; add one (track, identify, page, screen, group or alias), map one (--map action_type=type), or give every row a type with --type track`, file);
  }
  if (!has('timestamp') && !has('originalTimestamp')) {
    throw new ImportError(`${file}: there is no timestamp column; map the column holding each event's time (e.g. --map created_at=timestamp). Rows are never stamped with the import time, which would misdate them.`, file);
  }
}

/** Plan the columns of a CSV or Parquet file before any transaction starts (errors cost nothing). */
async function prepare(store: EventStore, format: ImportFormat, path: string, scan: FileScan, opts: ImportOptions) {
  const mapping = { map: opts.map, unknownColumns: opts.unknownColumns };
  if (format === 'csv') {
    const header = parseCsvHeader(opts.path, scan.firstLine);
    const planned = planColumns(opts.path, header.columns, mapping);
    requireColumns(opts.path, planned, opts);
    return (tx: SqlSession, p: Params) => readCsv(tx, path, header, planned, scan, p);
  }
  if (format === 'parquet') {
    const schema = await describeParquet(store.db, path);
    const planned = planColumns(opts.path, schema.columns.map((c) => c.name), mapping);
    requireColumns(opts.path, planned, opts);
    return async (_tx: SqlSession, p: Params) => readParquet(path, schema, planned, p);
  }
  if (scan.firstChar === '[' && opts.path.toLowerCase().endsWith('.json')) {
    throw new ImportError(`${opts.path}: this looks like one JSON array; import JSON Lines instead (one message object per line), e.g. jq -c '.[]' file.json > file.jsonl`, opts.path);
  }
  return (tx: SqlSession, p: Params) => readJsonl(tx, path, opts.path, opts.map ?? {}, p);
}

/**
 * Import a CSV, JSON Lines or Parquet file into the event store in one transaction: DuckDB reads
 * and validates every row (the same decisions as the HTTP API), valid rows go through the normal
 * commit (dedupe, identity stitching, touchpoints), invalid ones to the quarantine with their line.
 */
export async function importFile(store: EventStore, opts: ImportOptions): Promise<ImportReport> {
  const format = detectFormat(opts.path, opts.format);
  if (opts.defaultType !== undefined && !MESSAGE_TYPES.includes(opts.defaultType)) {
    throw new ImportError(`${opts.path}: --type ${String(opts.defaultType)} is not a message type; use one of ${MESSAGE_TYPES.join(', ')}`, opts.path);
  }
  const scan = await scanFile(opts.path, { blankLines: format === 'csv' });
  let tmp: string | null = null;
  try {
    let path = opts.path;
    if (format !== 'parquet' && scan.lineEndings === 'mixed') {
      tmp = await mkdtemp(join(tmpdir(), 'trailmap-import-'));
      path = join(tmp, basename(opts.path));
      await copyWithLfEndings(opts.path, path);
    }
    const read = await prepare(store, format, path, scan, opts);
    const [seen] = await store.db.query<{ n: number }>(`SELECT count(*) AS n FROM imports WHERE file_hash = $1`, [scan.hash]);
    const name = basename(opts.path);
    const ctxBase = { defaultType: opts.defaultType, receivedAt: new Date().toISOString(), source: `file:${name}` };
    const { fill, commit } = await store.bulkLoad(async (tx) => {
      for (const m of MACROS) await tx.exec(m);
      const p = new Params(tx.dialect);
      const reader: FileReader = await read(tx, p);
      const counts: StagedCounts & { warnings: string[] } = {
        ...(await stageRows(tx, reader, { ...ctxBase, sources: reader.sources, recordLabel: reader.recordLabel }, name, p)),
        warnings: reader.warnings ?? [],
      };
      for (const t of TEMP_TABLES) await tx.exec(`DROP TABLE IF EXISTS temp.${t}`);
      return counts;
    });
    const report: ImportReport = {
      file: opts.path,
      format,
      rows: fill.rows,
      accepted: commit.accepted,
      quarantined: fill.quarantined,
      duplicates: commit.duplicates,
      alreadyImported: (seen?.n ?? 0) > 0,
      quarantineSample: fill.sample,
      warnings: fill.warnings,
    };
    await store.db.exec(`INSERT INTO imports VALUES ($1, $2, $3, now(), $4, $5, $6, $7)`, [
      scan.hash,
      name,
      format,
      report.rows,
      report.accepted,
      report.quarantined,
      report.duplicates,
    ]);
    return report;
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}
