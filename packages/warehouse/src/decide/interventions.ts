import { z } from 'zod';
import {
  computeInterventions,
  interventionOverridesSchema,
  type InterventionOverrides,
  type InterventionsComputed,
  type InterventionsComputeOptions,
  type InterventionsData,
} from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { unwrapDecide } from './decide-error.js';
import { fetchKeyTouchpointsData, keyTouchpointsRequestSchema } from './key-touchpoints.js';
import { twinDataSchema, twinJourneys, type TwinData } from './twin.js';

/** The warehouse setting older versions kept the team's estimates in (one JSON object); they now live in the state store, a row per id. */
export const INTERVENTION_OVERRIDES_SETTING = 'intervention_overrides';

/** Key touchpoints considered at most (up to five candidates each, every one simulated). */
export const INTERVENTIONS_MAX_TOP = 20;
/** Posterior draws per candidate at most (the cost is candidates × draws). */
export const INTERVENTIONS_MAX_DRAWS = 1000;

export const interventionsRequestSchema = keyTouchpointsRequestSchema
  .extend({
    /** Key touchpoints considered (by score). */
    top: z.number().int().min(1).max(INTERVENTIONS_MAX_TOP).default(8),
    /** Journeys the uplift is projected for (default: as many as the twin was fitted on). */
    journeys: z.number().int().min(1).max(1e12).optional(),
    /** Posterior draws per candidate (each candidate is simulated in the twin). */
    draws: z.number().int().min(20).max(INTERVENTIONS_MAX_DRAWS).default(200),
    /** Touchpoints seen fewer times are pooled in the twin (and get no candidates). */
    twinMinCount: z.number().int().min(1).default(10),
    seed: z.number().int().default(1),
  })
  .strict();
export type InterventionsRequest = z.output<typeof interventionsRequestSchema>;

export type InterventionsResult = InterventionsComputed;

/** The data half: the key-touchpoint evidence and the twin's journeys (labelled by touchpoint). */
export async function fetchInterventionsData(db: SqlSession, req: InterventionsRequest): Promise<InterventionsData> {
  const { top: _t, journeys: _j, draws: _d, seed: _s, twinMinCount, ...keyReq } = req;
  const key = await fetchKeyTouchpointsData(db, keyReq);
  const twinJourneysFound = await twinJourneys(db, interventionsTwinData(req));
  return { key, twinJourneys: twinJourneysFound };
}

/** The twin the candidates are simulated in: fitted on the same journeys, labelled by touchpoint as the key touchpoints are. */
function interventionsTwinData(req: InterventionsRequest): TwinData {
  return twinDataSchema.parse({ by: 'touchpoint', fit: { minCount: req.twinMinCount }, conversion: req.conversion, lookback: req.lookback, ...(req.segment ? { segment: req.segment } : {}), ...(req.range ? { range: req.range } : {}) });
}

/** The knobs of a request and the team's (validated) estimates, for `computeInterventions`. */
export function interventionsComputeOptions(req: InterventionsRequest, overrides: InterventionOverrides = {}): InterventionsComputeOptions {
  return {
    weights: req.weights,
    minReach: req.minReach,
    top: req.top,
    ...(req.journeys ? { journeys: req.journeys } : {}),
    draws: req.draws,
    seed: req.seed,
    fit: interventionsTwinData(req).fit,
    overrides: interventionOverridesSchema.parse(overrides),
  };
}

/**
 * Candidate actions at the key touchpoints, each simulated in the twin (fitted on the same
 * journeys, labelled by touchpoint as the key touchpoints are) with the team's effect parameters
 * where set, and ranked by ROI with the team's feasibility and cost where set; in this thread.
 */
export async function runInterventions(db: SqlSession, req: InterventionsRequest, overrides: InterventionOverrides = {}): Promise<InterventionsResult> {
  const options = interventionsComputeOptions(req, overrides);
  return unwrapDecide(computeInterventions(await fetchInterventionsData(db, req), options));
}
