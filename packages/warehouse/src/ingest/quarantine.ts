import type { SqlSession } from '../warehouse.js';
import { maskQuarantineTemp } from './quarantine-mask.js';

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

/**
 * Insert temp table `_quarantine(source, file, line, record, message_id, code, field, reason, raw)`
 * into the quarantine table, PII in reasons and raw text masked first; the same record quarantined
 * twice (a re-import, a retry) is kept once.
 */
export async function insertQuarantineFromTemp(tx: SqlSession): Promise<void> {
  await maskQuarantineTemp(tx);
  const d = tx.dialect;
  const key = d.hash128(
    `concat_ws('\u001f', source, coalesce(file, ''), coalesce(${d.toText('line')}, ''), coalesce(record, ''), coalesce(raw, ''), code)`,
  );
  await tx.exec(`
    INSERT INTO quarantine
    SELECT key, ${d.now()}, source, file, line, record, message_id, code, field, reason, raw
      FROM (SELECT ${key} AS key, *, row_number() OVER (PARTITION BY ${key}) AS rn FROM _quarantine) q
     WHERE rn = 1 AND key NOT IN (SELECT quarantine_key FROM quarantine)`);
}
