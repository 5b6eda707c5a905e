import { z } from 'zod';
import {
  candidateInterventions,
  interventionOverridesSchema,
  rankInterventions,
  simulateTwin,
  type InterventionOverrides,
  type RankedIntervention,
} from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { keyTouchpointsRequestSchema, runKeyTouchpoints } from './key-touchpoints.js';
import { fitStoreTwin, twinDataSchema } from './twin.js';

export const INTERVENTION_OVERRIDES_SETTING = 'intervention_overrides';

export const interventionsRequestSchema = keyTouchpointsRequestSchema
  .extend({
    /** Key touchpoints considered (by score). */
    top: z.number().int().min(1).max(50).default(8),
    /** Journeys the uplift is projected for (default: as many as the twin was fitted on). */
    journeys: z.number().int().min(1).max(1e12).optional(),
    draws: z.number().int().min(20).max(5000).default(200),
    /** Touchpoints seen fewer times are pooled in the twin (and get no candidates). */
    twinMinCount: z.number().int().min(1).default(10),
    seed: z.number().int().default(1),
  })
  .strict();
export type InterventionsRequest = z.output<typeof interventionsRequestSchema>;

export interface InterventionsResult {
  journeys: number;
  interventions: RankedIntervention[];
}

/**
 * Candidate actions at the key touchpoints, each simulated in the twin (fitted on the same
 * journeys, labelled by touchpoint as the key touchpoints are) with the team's effect parameters
 * where set, and ranked by ROI with the team's feasibility and cost where set.
 */
export async function runInterventions(db: SqlSession, req: InterventionsRequest, overrides: InterventionOverrides = {}): Promise<InterventionsResult> {
  const { top, journeys, draws, seed, twinMinCount, ...keyReq } = req;
  const key = await runKeyTouchpoints(db, keyReq);
  const model = await fitStoreTwin(
    db,
    twinDataSchema.parse({ by: 'touchpoint', fit: { minCount: twinMinCount }, conversion: req.conversion, lookback: req.lookback, ...(req.segment ? { segment: req.segment } : {}), ...(req.range ? { range: req.range } : {}) }),
  );
  const valid = interventionOverridesSchema.parse(overrides);
  // The team's effect parameters shape what the twin simulates; feasibility and cost the ranking.
  const candidates = candidateInterventions(key.touchpoints, key.evidence, model.overall.chain, top, valid);
  const simulated = [];
  for (const c of candidates) {
    const sim = simulateTwin(model, c.twin, { draws, seed, ...(journeys ? { journeys } : {}) });
    if (!sim.ok) continue; // a candidate the twin cannot express (e.g. a pooled state) is left out
    simulated.push({ ...c, uplift: { conversions: sim.value.change.conversions, revenue: sim.value.change.revenue, conversionRate: sim.value.change.conversionRate } });
  }
  return { journeys: journeys ?? model.journeys, interventions: rankInterventions(simulated, valid) };
}

/** Parse stored overrides; a damaged setting is an error that says so, not silently ignored. */
export function parseOverrides(text: string | null): InterventionOverrides {
  if (text === null) return {};
  const parsed = interventionOverridesSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`the stored ${INTERVENTION_OVERRIDES_SETTING} setting is not valid: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}
