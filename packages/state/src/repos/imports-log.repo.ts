import type { StateSession } from '../state-store.js';

/** One file import, as the import reports it; the file is named by the hash of its bytes. */
export interface ImportEntry {
  fileHash: string;
  fileName: string;
  format: string;
  rows: number;
  accepted: number;
  quarantined: number;
  duplicates: number;
}

export interface ImportRecord extends ImportEntry {
  firstImportedAt: string;
  lastImportedAt: string;
  /** How many times these bytes were imported. */
  times: number;
}

/**
 * Record an import in one statement on the file's row. The counts are the first import's (later
 * ones add nothing); `alreadyImported` is true for every import but the first, also when two
 * processes import the same file at the same moment (the primary key lets only one insert).
 */
export async function recordImport(s: StateSession, e: ImportEntry): Promise<{ alreadyImported: boolean; times: number }> {
  const [row] = await s.query<{ times: number }>(
    `INSERT INTO imports (file_hash, file_name, format, first_imported_at, last_imported_at, times, rows, accepted, quarantined, duplicates)
     VALUES ($1, $2, $3, now(), now(), 1, $4, $5, $6, $7)
     ON CONFLICT (file_hash) DO UPDATE SET last_imported_at = now(), times = imports.times + 1
     RETURNING times`,
    [e.fileHash, e.fileName, e.format, e.rows, e.accepted, e.quarantined, e.duplicates],
  );
  return { alreadyImported: row!.times > 1, times: row!.times };
}

type Row = { file_hash: string; file_name: string; format: string; first_imported_at: Date; last_imported_at: Date; times: number; rows: number; accepted: number; quarantined: number; duplicates: number };

/** The log, oldest first. */
export async function listImports(s: StateSession): Promise<ImportRecord[]> {
  const rows = await s.query<Row>('SELECT * FROM imports ORDER BY first_imported_at, file_hash');
  return rows.map((r) => ({
    fileHash: r.file_hash,
    fileName: r.file_name,
    format: r.format,
    rows: r.rows,
    accepted: r.accepted,
    quarantined: r.quarantined,
    duplicates: r.duplicates,
    firstImportedAt: new Date(r.first_imported_at).toISOString(),
    lastImportedAt: new Date(r.last_imported_at).toISOString(),
    times: r.times,
  }));
}

/** Insert a record kept elsewhere (an older data directory); an entry already here is kept. */
export async function insertImportAsIs(s: StateSession, r: ImportRecord): Promise<boolean> {
  const n = await s.exec(
    `INSERT INTO imports (file_hash, file_name, format, first_imported_at, last_imported_at, times, rows, accepted, quarantined, duplicates)
     VALUES ($1, $2, $3, $4::text::timestamptz, $5::text::timestamptz, $6, $7, $8, $9, $10) ON CONFLICT (file_hash) DO NOTHING`,
    [r.fileHash, r.fileName, r.format, r.firstImportedAt, r.lastImportedAt, r.times, r.rows, r.accepted, r.quarantined, r.duplicates],
  );
  return n > 0;
}
