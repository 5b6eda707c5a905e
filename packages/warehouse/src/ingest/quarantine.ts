import type { SqlSession } from '../warehouse.js';

/** A record that could not be stored, kept with the reason so nothing sent is silently lost. */
export interface QuarantineRow {
  source: string;
  file?: string | null;
  line?: number | null;
  /** Where in the request or file, e.g. `batch[3]` or `row 17`. */
  record?: string | null;
  messageId?: string | null;
  code: string;
  field?: string | null;
  reason: string;
  raw?: string | null;
}

const COLS = ['source', 'file', 'line', 'record', 'message_id', 'code', 'field', 'reason', 'raw'] as const;

/** Store quarantined records; the same record quarantined twice (a re-import, a retry) is kept once. */
export async function appendQuarantine(tx: SqlSession, rows: readonly QuarantineRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const d = tx.dialect;
  await tx.exec(
    `CREATE OR REPLACE TEMP TABLE _quarantine (source VARCHAR, file VARCHAR, line BIGINT, record VARCHAR, message_id VARCHAR, code VARCHAR, field VARCHAR, reason VARCHAR, raw VARCHAR)`,
  );
  await tx.append(
    'temp._quarantine',
    COLS.map((name) => ({ name, kind: name === 'line' ? ('int' as const) : ('text' as const) })),
    rows.map((r) => [r.source, r.file ?? null, r.line ?? null, r.record ?? null, r.messageId ?? null, r.code, r.field ?? null, r.reason, r.raw ?? null]),
  );
  await insertQuarantineFromTemp(tx);
  return rows.length;
}

/** Insert `_quarantine` (same columns as above) into the quarantine table, skipping records already there. */
export async function insertQuarantineFromTemp(tx: SqlSession): Promise<void> {
  const d = tx.dialect;
  const key = d.hash128(
    `concat_ws('\u001f', source, coalesce(file, ''), coalesce(CAST(line AS VARCHAR), ''), coalesce(record, ''), coalesce(raw, ''), code)`,
  );
  await tx.exec(`
    INSERT INTO quarantine
    SELECT key, now(), source, file, line, record, message_id, code, field, reason, raw
      FROM (SELECT ${key} AS key, *, row_number() OVER (PARTITION BY ${key}) AS rn FROM _quarantine) q
     WHERE rn = 1 AND key NOT IN (SELECT quarantine_key FROM quarantine)`);
}
