import { randomUUID } from 'node:crypto';
import type { NewServiceTask, ServiceTask, ServiceTaskListAnswer, ServiceTaskPatch, ServiceTaskQuery } from '@trailmap/core';
import type { StateSession } from '../state-store.js';

type Row = {
  id: string; dedupe_key: string; person_id: string; title: string; detail: unknown; source: ServiceTask['source']; priority: ServiceTask['priority'];
  owner: string | null; status: ServiceTask['status']; due_at: Date | string | null; created_at: Date | string; updated_at: Date | string;
  closed_at: Date | string | null; resolution: string | null; journey_id: string | null; run_id: string | null; step_id: string | null;
};

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const isoOrNull = (v: Date | string | null) => (v === null ? null : iso(v));
const instant = (v: string | number | Date | null | undefined) => (v === undefined || v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

const toTask = (r: Row): ServiceTask => ({
  id: r.id,
  dedupeKey: r.dedupe_key,
  personId: r.person_id,
  title: r.title,
  detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : (r.detail ?? {})) as Record<string, unknown>,
  source: r.source,
  priority: r.priority,
  owner: r.owner,
  status: r.status,
  dueAt: isoOrNull(r.due_at),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  closedAt: isoOrNull(r.closed_at),
  resolution: r.resolution,
  journeyId: r.journey_id,
  runId: r.run_id,
  stepId: r.step_id,
});

/**
 * Create a task unless one with its dedupe key exists (a trigger or a journey step that runs
 * twice makes one task). Works inside a caller's transaction (`s` = its session). Answers the
 * task's id — the existing one's when it was there — and whether this call made it.
 */
export async function createServiceTask(s: StateSession, t: NewServiceTask): Promise<{ id: string; created: boolean }> {
  const id = `st_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const rows = await s.query<{ id: string }>(
    `INSERT INTO service_tasks (id, dedupe_key, person_id, title, detail, source, priority, owner, status, due_at, created_at, updated_at, journey_id, run_id, step_id)
     VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, 'open', $9::timestamptz, coalesce($10::timestamptz, now()), coalesce($10::timestamptz, now()), $11, $12, $13)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [id, t.dedupeKey, t.personId, t.title, JSON.stringify(t.detail ?? {}), t.source, t.priority ?? 'normal', t.owner ?? null, instant(t.dueAt), instant(t.createdAt), t.journeyId ?? null, t.runId ?? null, t.stepId ?? null],
  );
  if (rows[0]) return { id: rows[0].id, created: true };
  const [existing] = await s.query<{ id: string }>('SELECT id FROM service_tasks WHERE dedupe_key = $1', [t.dedupeKey]);
  if (!existing) throw new Error(`service task ${t.dedupeKey}: neither inserted nor found`);
  return { id: existing.id, created: false };
}

export async function getServiceTask(s: StateSession, id: string): Promise<ServiceTask | null> {
  const [row] = await s.query<Row>('SELECT * FROM service_tasks WHERE id = $1', [id]);
  return row ? toTask(row) : null;
}

/**
 * One page of tasks. Default status: not closed. Open lists come by due time (overdue first,
 * no due time last), then newest; a list with closed tasks, newest closed first.
 */
export async function listServiceTasks(s: StateSession, q: ServiceTaskQuery, now: Date = new Date()): Promise<ServiceTaskListAnswer> {
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (v: unknown) => `$${params.push(v)}`;
  const statuses = q.status ?? ['open', 'in_progress'];
  where.push(`status = ANY(${bind(statuses)}::text[])`);
  if (q.priority) where.push(`priority = ANY(${bind(q.priority)}::text[])`);
  if (q.source) where.push(`source = ANY(${bind(q.source)}::text[])`);
  if (q.owner) where.push(q.owner === 'none' ? 'owner IS NULL' : `owner = ${bind(q.owner)}`);
  if (q.person) where.push(`person_id = ${bind(q.person)}`);
  if (q.overdue === true) where.push(`status <> 'closed' AND due_at < ${bind(now.toISOString())}::timestamptz`);
  if (q.overdue === false) where.push(`NOT (status <> 'closed' AND due_at IS NOT NULL AND due_at < ${bind(now.toISOString())}::timestamptz)`);
  const cond = where.join(' AND ');
  const [count] = await s.query<{ n: number | string }>(`SELECT count(*) AS n FROM service_tasks WHERE ${cond}`, params);
  const order = statuses.includes('closed') ? 'coalesce(closed_at, created_at) DESC, id' : 'due_at ASC NULLS LAST, created_at DESC, id';
  const rows = await s.query<Row>(`SELECT * FROM service_tasks WHERE ${cond} ORDER BY ${order} LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset)}`, params);
  return { tasks: rows.map(toTask), total: Number(count?.n ?? 0), limit: q.limit, offset: q.offset };
}

/** Assign, re-prioritise, start, set the due time. Null: no such task. A closed task is answered as it is (`closed: true`), unchanged. */
export async function updateServiceTask(s: StateSession, id: string, patch: ServiceTaskPatch): Promise<{ task: ServiceTask; closed: boolean } | null> {
  const params: unknown[] = [];
  const sets: string[] = [];
  const bind = (v: unknown) => `$${params.push(v)}`;
  if (patch.owner !== undefined) sets.push(`owner = ${bind(patch.owner)}`);
  if (patch.priority !== undefined) sets.push(`priority = ${bind(patch.priority)}`);
  if (patch.status !== undefined) sets.push(`status = ${bind(patch.status)}`);
  if (patch.dueAt !== undefined) sets.push(`due_at = ${bind(instant(patch.dueAt))}::timestamptz`);
  sets.push('updated_at = now()');
  const [row] = await s.query<Row>(`UPDATE service_tasks SET ${sets.join(', ')} WHERE id = ${bind(id)} AND status <> 'closed' RETURNING *`, params);
  if (row) return { task: toTask(row), closed: false };
  const task = await getServiceTask(s, id);
  return task ? { task, closed: true } : null;
}

/** Close with a resolution. Null: no such task. Closing a closed task keeps the first close (`changed: false`). */
export async function closeServiceTask(s: StateSession, id: string, resolution: string, at: Date = new Date()): Promise<{ task: ServiceTask; changed: boolean } | null> {
  const [row] = await s.query<Row>(
    `UPDATE service_tasks SET status = 'closed', resolution = $2, closed_at = $3::timestamptz, updated_at = $3::timestamptz WHERE id = $1 AND status <> 'closed' RETURNING *`,
    [id, resolution, at.toISOString()],
  );
  if (row) return { task: toTask(row), changed: true };
  const task = await getServiceTask(s, id);
  return task ? { task, changed: false } : null;
}
