import { maskPiiInText, maskPiiLeaves } from '@trailmap/core';
import type { TempColumn } from '../engine/store-steps.js';
import type { SqlSession } from '../warehouse.js';

const COLUMNS: readonly TempColumn[] = [
  ...['source', 'file'].map((name) => ({ name, kind: 'text' as const })),
  { name: 'line', kind: 'int' },
  ...['record', 'message_id', 'code', 'field', 'reason', 'raw'].map((name) => ({ name, kind: 'text' as const })),
];
const NAMES = COLUMNS.map((c) => c.name);

/** Raw text with the flagged values masked: JSON walked leaf by leaf (kept as written when nothing is flagged), other text token by token. */
export function maskRawText(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return maskPiiInText(raw);
  }
  if (typeof parsed !== 'object' || parsed === null) return maskPiiInText(raw);
  const masked = JSON.stringify(maskPiiLeaves(parsed));
  return masked === JSON.stringify(parsed) ? raw : masked;
}

/**
 * Mask the PII in the quarantine work table `_quarantine` before it is stored: the reason and the
 * raw text of a refused record are never checked further, so every value the classifiers flag is
 * masked, whatever the policy (docs/privacy.md#logs-errors-and-the-quarantine). Collection already
 * masks its records; file imports' rows (refused by SQL) are masked here. Rebuilt only when changed.
 */
export async function maskQuarantineTemp(tx: SqlSession): Promise<number> {
  const d = tx.dialect;
  const rows = await tx.query<Record<string, unknown>>(`SELECT ${NAMES.map((n) => d.ident(n)).join(', ')} FROM _quarantine`);
  let changed = 0;
  const out = rows.map((r) => {
    const reason = typeof r.reason === 'string' ? maskPiiInText(r.reason) : r.reason;
    const raw = typeof r.raw === 'string' ? maskRawText(r.raw) : r.raw;
    if (reason !== r.reason || raw !== r.raw) changed++;
    return NAMES.map((n) => (n === 'reason' ? reason : n === 'raw' ? raw : n === 'line' ? (r.line === null || r.line === undefined ? null : Number(r.line)) : (r[n] ?? null)));
  });
  if (changed === 0) return 0;
  await tx.steps.replaceTemp(tx, '_quarantine', COLUMNS);
  await tx.append('temp._quarantine', COLUMNS.map((c) => ({ name: c.name, kind: c.kind === 'int' ? 'int' : 'text' })), out);
  return changed;
}
