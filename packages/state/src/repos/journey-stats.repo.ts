import type { StateSession } from '../state-store.js';

export interface JourneyCounts {
  /** Runs by status and outcome (outcome '' for runs under way). */
  runs: Array<{ status: string; outcome: string; n: number }>;
  /** Runs that reached each step, and those waiting there now. */
  steps: Array<{ stepId: string; reached: number; waiting: number }>;
  messages: Array<{ status: string; n: number }>;
  /** Per split variant: runs and goals reached. */
  arms: Array<{ variant: string; people: number; goal: number }>;
}

/** The counts behind a journey's stats, for one version or all (version null). */
export async function journeyCounts(s: StateSession, journeyId: string, version: number | null): Promise<JourneyCounts> {
  const params = version === null ? [journeyId] : [journeyId, version];
  const v = version === null ? '' : ' AND version = $2';
  const runs = await s.query<{ status: string; outcome: string; n: number }>(
    `SELECT status, coalesce(outcome, '') AS outcome, count(*)::int AS n FROM journey_runs WHERE journey_id = $1${v} GROUP BY 1, 2 ORDER BY 1, 2`,
    params,
  );
  const reached = await s.query<{ step_id: string; n: number }>(
    `SELECT k AS step_id, count(*)::int AS n FROM journey_runs, jsonb_object_keys(visits) AS k WHERE journey_id = $1${v} GROUP BY k`,
    params,
  );
  const waiting = await s.query<{ step_id: string; n: number }>(
    `SELECT step_id, count(*)::int AS n FROM journey_runs WHERE journey_id = $1${v} AND status = 'waiting' GROUP BY step_id`,
    params,
  );
  const messages = await s.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM journey_messages WHERE journey_id = $1${v} GROUP BY status`,
    params,
  );
  const arms = await s.query<{ variant: string; people: number; goal: number }>(
    `SELECT variant, count(DISTINCT person_id)::int AS people, count(DISTINCT person_id) FILTER (WHERE outcome = 'goal')::int AS goal
       FROM journey_runs WHERE journey_id = $1${v} AND variant IS NOT NULL GROUP BY variant ORDER BY variant`,
    params,
  );
  const waitingAt = new Map(waiting.map((w) => [w.step_id, Number(w.n)]));
  const stepIds = new Set([...reached.map((r) => r.step_id), ...waitingAt.keys()]);
  const reachedAt = new Map(reached.map((r) => [r.step_id, Number(r.n)]));
  return {
    runs: runs.map((r) => ({ ...r, n: Number(r.n) })),
    steps: [...stepIds].map((id) => ({ stepId: id, reached: reachedAt.get(id) ?? 0, waiting: waitingAt.get(id) ?? 0 })),
    messages: messages.map((m) => ({ status: m.status, n: Number(m.n) })),
    arms: arms.map((a) => ({ variant: a.variant, people: Number(a.people), goal: Number(a.goal) })),
  };
}

/** Runs under way and entered, per journey (the list page). */
export async function journeyRunTotals(s: StateSession): Promise<Map<string, { running: number; entered: number; byVersion: Map<number, number> }>> {
  const rows = await s.query<{ journey_id: string; version: number; running: number; entered: number }>(
    `SELECT journey_id, version, count(*) FILTER (WHERE status <> 'ended')::int AS running, count(*)::int AS entered FROM journey_runs GROUP BY 1, 2`,
  );
  const out = new Map<string, { running: number; entered: number; byVersion: Map<number, number> }>();
  for (const r of rows) {
    const t = out.get(r.journey_id) ?? { running: 0, entered: 0, byVersion: new Map() };
    t.running += Number(r.running);
    t.entered += Number(r.entered);
    t.byVersion.set(Number(r.version), Number(r.running));
    out.set(r.journey_id, t);
  }
  return out;
}
