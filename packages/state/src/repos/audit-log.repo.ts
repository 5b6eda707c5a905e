import type { AuditAnswer, AuditEntry, AuditInput, AuditQuery } from '@trailmap/core';
import type { StateSession, StateStore } from '../state-store.js';

type Row = { id: string | number; at: Date | string; actor: string; action: string; target: string | null; origin: string | null; outcome: AuditEntry['outcome']; detail: Record<string, unknown> | string };

const toEntry = (r: Row): AuditEntry => ({
  id: Number(r.id),
  at: (r.at instanceof Date ? r.at : new Date(r.at)).toISOString(),
  actor: r.actor,
  action: r.action,
  target: r.target,
  origin: r.origin,
  outcome: r.outcome,
  detail: typeof r.detail === 'string' ? (JSON.parse(r.detail) as Record<string, unknown>) : r.detail,
});

/** Append one line to the audit log (inside the caller's transaction when `s` is one, so the action and its record commit together). */
export async function recordAudit(s: StateSession, e: AuditInput): Promise<void> {
  await s.exec('INSERT INTO audit_log (actor, action, target, origin, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6::jsonb)', [
    e.actor,
    e.action,
    e.target ?? null,
    e.origin ?? null,
    e.outcome ?? 'ok',
    JSON.stringify(e.detail ?? {}),
  ]);
}

/** One page of the log, newest first. `action` ending in `.` matches every action under that prefix (`privacy.`). */
export async function listAudit(s: StateSession, q: AuditQuery): Promise<AuditAnswer> {
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (v: unknown) => `$${params.push(v)}`;
  if (q.since) where.push(`at >= ${bind(q.since)}::timestamptz`);
  if (q.until) where.push(`at < ${bind(q.until)}::timestamptz`);
  if (q.actor) where.push(`actor = ${bind(q.actor)}`);
  if (q.action) where.push(q.action.endsWith('.') ? `starts_with(action, ${bind(q.action)})` : `action = ${bind(q.action)}`);
  if (q.target) where.push(`target = ${bind(q.target)}`);
  if (q.outcome) where.push(`outcome = ${bind(q.outcome)}`);
  if (q.before) where.push(`id < ${bind(q.before)}`);
  const rows = await s.query<Row>(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${bind(q.limit + 1)}`, params);
  const entries = rows.slice(0, q.limit).map(toEntry);
  return { entries, next: rows.length > q.limit ? entries.at(-1)!.id : null };
}

/**
 * The audit log's own retention: delete the lines older than `cutoff` (the only deletion the
 * log's trigger lets through, and only inside this transaction), then record that it ran.
 */
export async function pruneAudit(store: StateStore, cutoff: Date, actor: string): Promise<number> {
  return store.transaction(async (tx) => {
    await tx.query(`SELECT set_config('trailmap.audit_retention', $1, true)`, [cutoff.toISOString()]);
    const deleted = await tx.exec('DELETE FROM audit_log WHERE at < $1::timestamptz', [cutoff.toISOString()]);
    await tx.query(`SELECT set_config('trailmap.audit_retention', '', true)`);
    await recordAudit(tx, { actor, action: 'audit.retention', detail: { deleted, before: cutoff.toISOString() } });
    return deleted;
  });
}
