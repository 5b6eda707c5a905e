import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { MESSAGE_TYPES } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import type { EventStore } from '../store/event-store.js';
import { planColumns, type PlannedColumn } from './column-mapping.js';
import { checkNullMarkers, constantsOf, type ImportConstant } from './constants.js';
import { parseCsvHeader } from './csv-header.js';
import { detectFormat } from './detect-format.js';
import { ImportError } from './import-error.js';
import type { ImportFormat, ImportOptions, ImportReport } from './import-options.js';
import { ProgressTracker, type ImportPhase } from './import-progress.js';
import { ISO_INSTANT_MACRO } from './iso-timestamp.sql.js';
import { JS_NUMBER_MACRO } from './js-number.sql.js';
import { LONE_SURROGATE_MACRO, TOO_DEEP_MACRO } from './json-safety.sql.js';
import { CSV_CELL_JSON_MACRO, JSON_KIND_MACRO, JSON_TEXT_MACRO, STRICT_EXTRAS_MACRO, STRICT_JSON_MACRO } from './json-text.sql.js';
import { readCsv } from './read-csv.sql.js';
import { readJsonl } from './read-jsonl.sql.js';
import { describeParquet, readParquet } from './read-parquet.sql.js';
import type { FileReader, Step } from './reader.js';
import type { SqlSession } from '../warehouse.js';
import { copyLineEndings, LONE_CR_STAND_IN, scanFile, type FileScan } from './scan-file.js';
import { importEngine } from './import-engine.js';
import { checkRows } from './stage-rows.sql.js';
import { dropSuppressedRows } from './drop-suppressed.js';

const MACROS = [
  JS_NUMBER_MACRO, ISO_INSTANT_MACRO, STRICT_EXTRAS_MACRO, STRICT_JSON_MACRO, JSON_KIND_MACRO, JSON_TEXT_MACRO, CSV_CELL_JSON_MACRO, LONE_SURROGATE_MACRO, TOO_DEEP_MACRO,
];
const TEMP_TABLES = [
  '_imp_checked', '_imp_bad', '_imp_csv', '_imp_rej', '_imp_rejscan', '_imp_rejects', '_imp_rejects_at', '_imp_rowline',
  '_imp_blank', '_imp_csv_starts', '_imp_pl', '_imp_pl_rej', '_imp_pl_rejscan', '_imp_lines_t', '_imp_unicode',
];

/** The file's size (0 when it cannot be read: scanFile then says why). */
const fileSize = (path: string) => stat(path).then((s) => s.size, () => 0);

/** One import at a time per store: the temp tables have fixed names on the writer connection. */
const running = new WeakMap<EventStore, Promise<unknown>>();

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

/** Check the header or schema before any table is built (errors cost nothing), and return the reader. */
async function prepare(reader: SqlSession, format: ImportFormat, path: string, linesPath: string, scan: FileScan, opts: ImportOptions, constants: readonly ImportConstant[]) {
  const mapping = { map: opts.map, unknownColumns: opts.unknownColumns, constants };
  const nullMarkers = opts.nullMarkers ?? [];
  if (format === 'csv') {
    const header = parseCsvHeader(opts.path, scan.firstLine);
    const planned = planColumns(opts.path, header.columns, mapping);
    requireColumns(opts.path, planned, opts);
    return (step: Step, p: Params) => readCsv(step, { path, linesPath, file: opts.path, loneCr: scan.loneCr > 0 }, header, planned, scan, p, nullMarkers);
  }
  if (format === 'parquet') {
    const schema = await describeParquet(reader, path);
    const planned = planColumns(opts.path, schema.columns.map((c) => c.name), mapping);
    requireColumns(opts.path, planned, opts);
    return async (_step: Step, p: Params) => readParquet(path, schema, planned, p, nullMarkers);
  }
  if (scan.firstChar === '[' && opts.path.toLowerCase().endsWith('.json')) {
    throw new ImportError(`${opts.path}: this looks like one JSON array; import JSON Lines instead (one message object per line), e.g. jq -c '.[]' file.json > file.jsonl`, opts.path);
  }
  return (step: Step, p: Params) => readJsonl(step, linesPath, opts.path, opts.map ?? {}, p, { constants, nullMarkers });
}

/**
 * Import a CSV, JSON Lines or Parquet file into the event store: DuckDB reads and validates every
 * row (the same decisions as the HTTP API), then one transaction stores the quarantined rows and
 * commits the valid ones like any batch (dedupe by messageId, identity stitching, touchpoints).
 */
export function importFile(store: EventStore, opts: ImportOptions): Promise<ImportReport> {
  const before = running.get(store) ?? Promise.resolve();
  const run = before.then(
    () => runImport(store, opts),
    () => runImport(store, opts),
  );
  running.set(store, run.catch(() => undefined));
  return run;
}

async function runImport(store: EventStore, opts: ImportOptions): Promise<ImportReport> {
  const format = detectFormat(opts.path, opts.format);
  if (opts.defaultType !== undefined && !MESSAGE_TYPES.includes(opts.defaultType)) {
    throw new ImportError(`${opts.path}: --type ${String(opts.defaultType)} is not a message type; use one of ${MESSAGE_TYPES.join(', ')}`, opts.path);
  }
  const constants = constantsOf(opts.path, opts.set, opts.defaultType);
  const markerProblem = checkNullMarkers(opts.nullMarkers ?? []);
  if (markerProblem) throw new ImportError(`${opts.path}: ${markerProblem.message}`, opts.path);
  const phases: ImportPhase[] = format === 'parquet' ? ['scan', 'check', 'commit'] : ['scan', 'read', 'check', 'commit'];
  const bytes = await fileSize(opts.path);
  const engine = await importEngine(store);
  // The file is read and checked on the import engine's DuckDB, committed into the store's warehouse.
  const progress = new ProgressTracker(opts.onProgress, bytes, phases, (phase) => (phase === 'commit' ? store.db : engine.reader).writerProgress?.() ?? null);
  const step: Step = (fn) => engine.reader.transaction(fn);
  let tmp: string | null = null;
  try {
    const scan = await scanFile(opts.path, { blankLines: format === 'csv', ...(opts.onProgress ? { onBytes: (n: number) => progress.scan(n) } : {}) });
    progress.enter(phases[1]!);
    // DuckDB's strict readers take one kind of line ending and no lone CR. With mixed endings, lines
    // are read from a copy with LF only, CSV rows from one whose quoted values keep their CR LF. A
    // lone CR becomes U+FFFF in CSV (turned back into CR in every cell) and TAB in JSON Lines (both
    // are whitespace between JSON tokens and refused inside strings, so JSON.parse decides alike).
    let path = opts.path;
    let linesPath = opts.path;
    const lf = scan.lineEndings === 'mixed';
    if (format !== 'parquet' && (lf || scan.loneCr > 0)) {
      if (scan.loneCr > 1 && !scan.hasLf) {
        throw new ImportError(`${opts.path}: lines end with CR only (classic Mac OS); convert them to LF or CR LF first (e.g. tr '\\r' '\\n')`, opts.path);
      }
      if (format === 'csv' && scan.loneCr > 0 && scan.hasFffF) {
        throw new ImportError(`${opts.path}: the file holds lone CR characters and U+FFFF, which cannot be told apart while it is read; remove one of them`, opts.path);
      }
      const loneCr = scan.loneCr === 0 ? undefined : format === 'csv' ? LONE_CR_STAND_IN : Buffer.from('\t');
      tmp = await mkdtemp(join(tmpdir(), 'trailmap-import-'));
      linesPath = join(tmp, basename(opts.path));
      await copyLineEndings(opts.path, linesPath, { lf, ...(loneCr ? { loneCr } : {}) });
      path = linesPath;
      if (format === 'csv' && lf) {
        await mkdir(join(tmp, 'rows'));
        path = join(tmp, 'rows', basename(opts.path));
        await copyLineEndings(opts.path, path, { lf, quote: '"', ...(loneCr ? { loneCr } : {}) });
      }
    }
    const read = await prepare(engine.reader, format, path, linesPath, scan, opts, constants);
    const name = basename(opts.path);
    await step(async (tx) => {
      for (const m of MACROS) await tx.exec(m);
    });
    const p = new Params(engine.reader.dialect);
    const reader: FileReader = await read(step, p);
    if (format !== 'parquet') progress.enter('check');
    const ctx = { defaultType: opts.defaultType, receivedAt: new Date().toISOString(), source: `file:${name}`, sources: reader.sources, recordLabel: reader.recordLabel, depthChecked: reader.depthChecked ?? false };
    const checked = await checkRows(step, reader, ctx, p, engine.prepared);
    progress.counted(checked.rows);
    const suppressed = opts.suppression ? await step((tx) => dropSuppressedRows(tx, opts.suppression!)) : 0;
    progress.enter('commit');
    const commit = await engine.commit(name, checked.quarantined);
    const report: ImportReport = {
      file: opts.path,
      format,
      rows: checked.rows,
      accepted: commit.accepted,
      quarantined: checked.quarantined,
      duplicates: commit.duplicates,
      alreadyImported: false,
      quarantineSample: checked.sample,
      warnings: reader.warnings ?? [],
      ...(suppressed > 0 ? { suppressed } : {}),
    };
    // The imports log (the state store's): one row per file hash, so of two processes importing the same bytes one is first.
    const logged = await store.importsLog.record({ fileHash: scan.hash, fileName: name, format, rows: report.rows, accepted: report.accepted, quarantined: report.quarantined, duplicates: report.duplicates });
    report.alreadyImported = logged.alreadyImported;
    return report;
  } finally {
    progress.stop();
    await step(async (tx) => {
      await tx.exec(`DROP VIEW IF EXISTS temp._imp_lines`);
      for (const t of TEMP_TABLES) await tx.exec(`DROP TABLE IF EXISTS temp.${t}`);
    }).catch(() => undefined);
    if (tmp) await rm(tmp, { recursive: true, force: true });
    await engine.close();
  }
}
