import { z } from 'zod';
import {
  conversionPathsSchema,
  defaultSentimentScorer,
  eventMatcherSchema,
  journeyMapDefinitionSchema,
  personFilterSchema,
  computeKeyTouchpoints,
  scoreWeightsSchema,
  timeRangeSchema,
  touchpointEvidence,
  type KeyTouchpointsComputed,
  type KeyTouchpointsData,
} from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { queryTouchpointReach, runJourneyMap } from '../analytics/journey-map/journey-map.sql.js';
import { attributionRequestSchema, fetchAttributionData } from './attribution.js';

export const keyTouchpointsRequestSchema = z
  .object({
    conversion: eventMatcherSchema.default({ event: 'Order Completed' }),
    lookback: conversionPathsSchema.shape.lookback,
    segment: personFilterSchema.optional(),
    range: timeRangeSchema.optional(),
    weights: scoreWeightsSchema.default({ reach: 0.25, frequency: 0.1, attribution: 0.3, dropOff: 0.2, experience: 0.15 }),
    /** Touchpoints reaching fewer people are left out (their rates are noise). */
    minReach: z.number().int().min(1).default(30),
  })
  .strict();
export type KeyTouchpointsRequest = z.output<typeof keyTouchpointsRequestSchema>;

export type KeyTouchpointsResult = KeyTouchpointsComputed;
export { touchpointEvidence };

/** The data half: the journey map, distinct reach per touchpoint and the conversion paths by touchpoint. */
export async function fetchKeyTouchpointsData(db: SqlSession, req: KeyTouchpointsRequest): Promise<KeyTouchpointsData> {
  const mapDef = journeyMapDefinitionSchema.parse({ ...(req.segment ? { segment: req.segment } : {}), ...(req.range ? { period: req.range } : {}) });
  const map = await runJourneyMap(db, mapDef, defaultSentimentScorer);
  const reach = await queryTouchpointReach(db, mapDef);
  const attrReq = attributionRequestSchema.parse({ by: 'touchpoint', model: 'markov', order: 1, conversion: req.conversion, lookback: req.lookback, ...(req.segment ? { segment: req.segment } : {}), ...(req.range ? { range: req.range } : {}) });
  const { journeys } = await fetchAttributionData(db, attrReq);
  return { map, reach, journeys, collapseRepeats: attrReq.collapseRepeats };
}

/** Evidence per touchpoint (see `touchpointEvidence`) and its score, computed in this thread. */
export async function runKeyTouchpoints(db: SqlSession, req: KeyTouchpointsRequest): Promise<KeyTouchpointsResult> {
  return computeKeyTouchpoints(await fetchKeyTouchpointsData(db, req), { weights: req.weights, minReach: req.minReach });
}
