import { z } from 'zod';
import {
  conversionPathsSchema,
  defaultSentimentScorer,
  eventMatcherSchema,
  journeyMapDefinitionSchema,
  personFilterSchema,
  scoreTouchpoints,
  scoreWeightsSchema,
  timeRangeSchema,
  type JourneyMapResult,
  type MarkovResult,
  type TouchpointEvidence,
  type TouchpointScore,
} from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { queryTouchpointReach, runJourneyMap } from '../analytics/journey-map/journey-map.sql.js';
import { runAttribution } from './attribution.js';
import { attributionRequestSchema } from './attribution.js';

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

export interface KeyTouchpointsResult {
  weights: KeyTouchpointsRequest['weights'];
  touchpoints: TouchpointScore[];
  /** The evidence each score came from, by touchpoint. */
  evidence: TouchpointEvidence[];
}

/**
 * Evidence per touchpoint from the journey map (reach, events, onward conversion, experience)
 * and the Markov removal effect (attribution by touchpoint). A touchpoint in several channel
 * lanes or stages is summed over its cells; its channel and stage are those of its busiest cell.
 * `reach` (distinct people) and `frequency` (events per person) come from `reach` when given, so
 * a person seen in two lanes counts once; without it they are summed over the cells.
 */
export function touchpointEvidence(map: JourneyMapResult, markov: MarkovResult, reach?: Map<string, { people: number; events: number }>): TouchpointEvidence[] {
  const removal = new Map(markov.rows.map((r) => [r.name, r.removalEffect]));
  const by = new Map<string, { cells: JourneyMapResult['cells'] }>();
  for (const c of map.cells) {
    const e = by.get(c.touchpoint) ?? { cells: [] };
    e.cells.push(c);
    by.set(c.touchpoint, e);
  }
  const out: TouchpointEvidence[] = [];
  for (const [touchpoint, { cells }] of by) {
    const busiest = [...cells].sort((a, b) => b.people - a.people)[0]!;
    const distinct = reach?.get(touchpoint);
    const people = distinct?.people ?? cells.reduce((a, c) => a + c.people, 0);
    const events = distinct?.events ?? cells.reduce((a, c) => a + c.events, 0);
    const withNext = cells.filter((c) => c.conversion !== null);
    const onwardPeople = withNext.reduce((a, c) => a + c.people, 0);
    const converted = withNext.reduce((a, c) => a + c.converted, 0);
    const sentN = cells.reduce((a, c) => a + c.experience.sentiment.n, 0);
    const sentSum = cells.reduce((a, c) => a + (c.experience.sentiment.mean ?? 0) * c.experience.sentiment.n, 0);
    const csatN = cells.reduce((a, c) => a + c.experience.csat.n, 0);
    const csatSum = cells.reduce((a, c) => a + (c.experience.csat.satisfiedShare ?? 0) * c.experience.csat.n, 0);
    out.push({
      touchpoint,
      channel: busiest.channel,
      stage: busiest.stage,
      reach: people,
      frequency: people > 0 ? events / people : 0,
      removalEffect: removal.get(touchpoint) ?? null,
      dropOff: onwardPeople > 0 ? 1 - converted / onwardPeople : null,
      sentiment: sentN > 0 ? sentSum / sentN : null,
      csat: csatN > 0 ? csatSum / csatN : null,
    });
  }
  return out;
}

export async function runKeyTouchpoints(db: SqlSession, req: KeyTouchpointsRequest): Promise<KeyTouchpointsResult> {
  const mapDef = journeyMapDefinitionSchema.parse({ ...(req.segment ? { segment: req.segment } : {}), ...(req.range ? { period: req.range } : {}) });
  const map = await runJourneyMap(db, mapDef, defaultSentimentScorer);
  const reach = await queryTouchpointReach(db, mapDef);
  const markov = (await runAttribution(
    db,
    attributionRequestSchema.parse({ by: 'touchpoint', model: 'markov', order: 1, conversion: req.conversion, lookback: req.lookback, ...(req.segment ? { segment: req.segment } : {}), ...(req.range ? { range: req.range } : {}) }),
  )) as unknown as MarkovResult;
  const evidence = touchpointEvidence(map, markov, reach).filter((e) => e.reach >= req.minReach);
  return { weights: req.weights, touchpoints: scoreTouchpoints(evidence, req.weights), evidence };
}
