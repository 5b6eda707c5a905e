import { interventionOverrideSchema, type InterventionOverride, type InterventionOverrides } from '@trailmap/core';
import type { StateSession } from '../state-store.js';

type Row = { id: string; estimate: unknown };

function parseRow(r: Row): InterventionOverride {
  const parsed = interventionOverrideSchema.safeParse(r.estimate);
  if (!parsed.success) throw new Error(`the stored estimate of ${JSON.stringify(r.id)} is not valid: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** Every intervention's team estimates (feasibility, cost, effect parameters) by id. */
export async function listInterventionEstimates(s: StateSession): Promise<InterventionOverrides> {
  const rows = await s.query<Row>('SELECT id, estimate FROM intervention_estimates ORDER BY id');
  const out: InterventionOverrides = {};
  for (const r of rows) out[r.id] = parseRow(r);
  return out;
}

/**
 * Merge `patch` into the id's estimates in one statement (`jsonb ||` on the row): two processes
 * setting different parameters of one id, or different ids, both keep their change. The caller
 * has validated `patch` for the id's kind; returns the merged estimates.
 */
export async function mergeInterventionEstimate(s: StateSession, id: string, patch: InterventionOverride): Promise<InterventionOverride> {
  const [row] = await s.query<Row>(
    `INSERT INTO intervention_estimates (id, estimate) VALUES ($1, $2::text::jsonb)
     ON CONFLICT (id) DO UPDATE SET estimate = intervention_estimates.estimate || EXCLUDED.estimate, updated_at = now()
     RETURNING id, estimate`,
    [id, JSON.stringify(patch)],
  );
  return parseRow(row!);
}

/** Remove the id's estimates; false when it had none. */
export async function removeInterventionEstimate(s: StateSession, id: string): Promise<boolean> {
  return (await s.exec('DELETE FROM intervention_estimates WHERE id = $1', [id])) > 0;
}

/** Store an id's estimates only if it has none yet (estimates moved in from elsewhere never replace newer ones). */
export async function insertInterventionEstimateIfAbsent(s: StateSession, id: string, estimate: InterventionOverride): Promise<boolean> {
  return (await s.exec('INSERT INTO intervention_estimates (id, estimate) VALUES ($1, $2::text::jsonb) ON CONFLICT (id) DO NOTHING', [id, JSON.stringify(estimate)])) > 0;
}
