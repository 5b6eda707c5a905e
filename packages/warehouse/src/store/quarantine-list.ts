import type { SqlSession } from '../warehouse.js';
import { Params } from '../dialect/dialect.js';

export interface QuarantinedRecord {
  receivedAt: string;
  source: string;
  file: string | null;
  line: number | null;
  record: string | null;
  messageId: string | null;
  code: string;
  field: string | null;
  reason: string;
  /** The original text, as sent (truncated to 2,000 characters here). */
  raw: string | null;
}

/** What could not be stored, newest first, with its reason; `total` counts every match. */
export async function listQuarantine(db: SqlSession, opts: { limit?: number; offset?: number; source?: string; file?: string } = {}): Promise<{ total: number; byCode: Record<string, number>; records: QuarantinedRecord[] }> {
  const d = db.dialect;
  const p = new Params(d);
  const where: string[] = [];
  if (opts.source) where.push(`source = ${p.add(opts.source)}`);
  if (opts.file) where.push(`file = ${p.add(opts.file)}`);
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const limit = Math.max(1, Math.min(1000, Math.trunc(opts.limit ?? 100)));
  const offset = Math.max(0, Math.trunc(opts.offset ?? 0));
  const counts = await db.query<{ code: string; n: number }>(`SELECT code, count(*) AS n FROM quarantine ${w} GROUP BY code ORDER BY n DESC, code`, p.values);
  const rows = await db.query<{ received_at: string; source: string; file: string | null; line: number | null; record: string | null; message_id: string | null; code: string; field: string | null; reason: string; raw: string | null }>(
    `SELECT received_at, source, file, line, record, message_id, code, field, reason, substr(raw, 1, 2000) AS raw
       FROM quarantine ${w} ORDER BY received_at DESC, file, line LIMIT ${limit} OFFSET ${offset}`,
    p.values,
  );
  return {
    total: counts.reduce((a, c) => a + Number(c.n), 0),
    byCode: Object.fromEntries(counts.map((c) => [c.code, Number(c.n)])),
    records: rows.map((r) => ({
      receivedAt: r.received_at,
      source: r.source,
      file: r.file,
      line: r.line === null ? null : Number(r.line),
      record: r.record,
      messageId: r.message_id,
      code: r.code,
      field: r.field,
      reason: r.reason,
      raw: r.raw,
    })),
  };
}
