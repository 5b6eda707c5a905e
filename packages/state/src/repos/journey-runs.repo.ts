import type { JourneyRun } from '@trailmap/core';
import type { StateSession } from '../state-store.js';

/** An input for the workers: an event of a person's, a change of their segments, or an entry (scheduled, a date trait). */
export interface NewJourneyInput {
  /** Once per key: the same event or occurrence handed over twice is one input. */
  dedupeKey: string;
  personId: string;
  kind: 'event' | 'segments' | 'enter';
  journeyId?: string | null;
  payload: unknown;
}

export interface StoredJourneyInput {
  id: number;
  personId: string;
  kind: NewJourneyInput['kind'];
  journeyId: string | null;
  payload: unknown;
}

const ms = (v: Date | string | null): number | null => (v === null ? null : (v instanceof Date ? v : new Date(v)).getTime());
const at = (v: number | null) => (v === null ? null : new Date(v));

/**
 * Hand inputs to the workers: each stored once (by its dedupe key) and its person marked due now,
 * in one statement, so an input is never stored without its person being due (a retry after a
 * crash finds the input there and adds nothing). Returns how many were new.
 */
export async function enqueueJourneyInputs(s: StateSession, inputs: readonly NewJourneyInput[], now: number): Promise<number> {
  if (inputs.length === 0) return 0;
  const rows = JSON.stringify(inputs.map((i) => ({ k: i.dedupeKey, p: i.personId, t: i.kind, j: i.journeyId ?? null, d: i.payload })));
  const [r] = await s.query<{ n: number }>(
    `WITH added AS (
       INSERT INTO journey_inputs (dedupe_key, person_id, kind, journey_id, payload, created_at)
       SELECT r.k, r.p, r.t, r.j, r.d, $2 FROM jsonb_to_recordset($1::jsonb) AS r(k text, p text, t text, j text, d jsonb)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING person_id),
     due AS (
       INSERT INTO journey_due (person_id, due_at) SELECT DISTINCT person_id, $2::timestamptz FROM added
       ON CONFLICT (person_id) DO UPDATE SET due_at = least(journey_due.due_at, excluded.due_at)
       RETURNING 1)
     SELECT (SELECT count(*) FROM added)::int AS n`,
    [rows, new Date(now)],
  );
  return Number(r?.n ?? 0);
}

/** People with work due at `dueAt` (or earlier, if they already were). */
export async function markDue(s: StateSession, personIds: readonly string[], dueAt: number): Promise<void> {
  if (personIds.length === 0) return;
  await s.exec(
    `INSERT INTO journey_due (person_id, due_at) SELECT unnest($1::text[]), $2
     ON CONFLICT (person_id) DO UPDATE SET due_at = least(journey_due.due_at, excluded.due_at)`,
    [personIds, new Date(dueAt)],
  );
}

/**
 * Lease up to `limit` people whose work is due, skipping rows another worker holds (SKIP LOCKED)
 * and leases not yet expired. A worker that dies leaves its lease to expire; the next takes over.
 */
export async function leaseDuePeople(s: StateSession, owner: string, now: number, leaseMs: number, limit: number): Promise<string[]> {
  const rows = await s.query<{ person_id: string }>(
    `UPDATE journey_due SET lease_owner = $1, lease_until = $2
      WHERE person_id IN (
        SELECT person_id FROM journey_due
         WHERE due_at <= $3 AND (lease_until IS NULL OR lease_until < $3)
         ORDER BY due_at LIMIT $4
         FOR UPDATE SKIP LOCKED)
     RETURNING person_id`,
    [owner, new Date(now + leaseMs), new Date(now), limit],
  );
  return rows.map((r) => r.person_id);
}

/** Inside the work's transaction: lock the person's due row and check the lease is still ours (a late worker backs off). */
export async function holdLease(tx: StateSession, personId: string, owner: string): Promise<boolean> {
  const [r] = await tx.query<{ lease_owner: string | null }>('SELECT lease_owner FROM journey_due WHERE person_id = $1 FOR UPDATE', [personId]);
  return r?.lease_owner === owner;
}

/** Give the person's row back: due again at `nextDue` (their next timer), or removed when nothing waits. */
export async function releaseDue(tx: StateSession, personId: string, nextDue: number | null): Promise<void> {
  if (nextDue === null) await tx.exec('DELETE FROM journey_due WHERE person_id = $1', [personId]);
  else await tx.exec('UPDATE journey_due SET due_at = $2, lease_owner = NULL, lease_until = NULL WHERE person_id = $1', [personId, new Date(nextDue)]);
}

export async function pendingInputs(tx: StateSession, personId: string, limit = 500): Promise<StoredJourneyInput[]> {
  const rows = await tx.query<{ id: number; person_id: string; kind: StoredJourneyInput['kind']; journey_id: string | null; payload: unknown }>(
    'SELECT id, person_id, kind, journey_id, payload FROM journey_inputs WHERE person_id = $1 AND done_at IS NULL ORDER BY id LIMIT $2',
    [personId, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), personId: r.person_id, kind: r.kind, journeyId: r.journey_id, payload: r.payload }));
}

export async function markInputsDone(tx: StateSession, ids: readonly number[], now: number): Promise<void> {
  if (ids.length) await tx.exec('UPDATE journey_inputs SET done_at = $2 WHERE id = ANY($1::bigint[])', [ids, new Date(now)]);
}

/** Handled inputs older than `before`: removed (what they caused is in the runs, messages and events). */
export async function pruneJourneyInputs(s: StateSession, before: number): Promise<number> {
  return s.exec('DELETE FROM journey_inputs WHERE done_at IS NOT NULL AND done_at < $1', [new Date(before)]);
}

interface RunRow {
  id: string;
  journey_id: string;
  version: number;
  person_id: string;
  correlation: string | null;
  status: JourneyRun['status'];
  step_id: string | null;
  wake_at: Date | string | null;
  entered_at: Date | string;
  updated_at: Date | string;
  ended_at: Date | string | null;
  outcome: JourneyRun['outcome'];
  variant: string | null;
  visits: Record<string, number>;
}

export const toRun = (r: RunRow): JourneyRun => ({
  id: r.id,
  journeyId: r.journey_id,
  version: Number(r.version),
  personId: r.person_id,
  correlation: r.correlation,
  status: r.status,
  stepId: r.step_id,
  wakeAt: ms(r.wake_at),
  enteredAt: ms(r.entered_at)!,
  updatedAt: ms(r.updated_at)!,
  endedAt: ms(r.ended_at),
  outcome: r.outcome,
  variant: r.variant,
  visits: r.visits ?? {},
});

/** Every run of the person's (those under way, and the ended ones re-entry looks at). */
export async function personRuns(tx: StateSession, personId: string): Promise<JourneyRun[]> {
  return (await tx.query<RunRow>('SELECT * FROM journey_runs WHERE person_id = $1 ORDER BY entered_at, id', [personId])).map(toRun);
}

/** Insert or update runs (one statement). */
export async function saveRuns(tx: StateSession, runs: readonly JourneyRun[]): Promise<void> {
  if (runs.length === 0) return;
  const rows = JSON.stringify(
    runs.map((r) => ({ ...r, wakeAt: at(r.wakeAt)?.toISOString() ?? null, enteredAt: new Date(r.enteredAt).toISOString(), updatedAt: new Date(r.updatedAt).toISOString(), endedAt: at(r.endedAt)?.toISOString() ?? null })),
  );
  await tx.exec(
    `INSERT INTO journey_runs (id, journey_id, version, person_id, correlation, status, step_id, wake_at, entered_at, updated_at, ended_at, outcome, variant, visits)
     SELECT r."id", r."journeyId", r."version", r."personId", r."correlation", r."status", r."stepId", r."wakeAt", r."enteredAt", r."updatedAt", r."endedAt", r."outcome", r."variant", r."visits"
       FROM jsonb_to_recordset($1::jsonb) AS r("id" text, "journeyId" text, "version" int, "personId" text, "correlation" text, "status" text, "stepId" text,
            "wakeAt" timestamptz, "enteredAt" timestamptz, "updatedAt" timestamptz, "endedAt" timestamptz, "outcome" text, "variant" text, "visits" jsonb)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, step_id = excluded.step_id, wake_at = excluded.wake_at, updated_at = excluded.updated_at,
       ended_at = excluded.ended_at, outcome = excluded.outcome, variant = excluded.variant, visits = excluded.visits`,
    [rows],
  );
}

export async function getRun(s: StateSession, id: string): Promise<JourneyRun | null> {
  const [r] = await s.query<RunRow>('SELECT * FROM journey_runs WHERE id = $1', [id]);
  return r ? toRun(r) : null;
}

/** Runs of a journey, newest first (the API's run list). */
export async function listRuns(s: StateSession, filter: { journeyId?: string; personId?: string; status?: string; limit: number }): Promise<JourneyRun[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.journeyId) where.push(`journey_id = $${params.push(filter.journeyId)}`);
  if (filter.personId) where.push(`person_id = $${params.push(filter.personId)}`);
  if (filter.status) where.push(`status = $${params.push(filter.status)}`);
  const rows = await s.query<RunRow>(`SELECT * FROM journey_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY entered_at DESC, id LIMIT $${params.push(filter.limit)}`, params);
  return rows.map(toRun);
}

/** End every run of a journey still under way (archiving it). */
export async function endJourneyRuns(s: StateSession, journeyId: string, now: number): Promise<number> {
  return s.exec(`UPDATE journey_runs SET status = 'ended', outcome = 'archived', ended_at = $2, updated_at = $2, wake_at = NULL WHERE journey_id = $1 AND status <> 'ended'`, [journeyId, new Date(now)]);
}
