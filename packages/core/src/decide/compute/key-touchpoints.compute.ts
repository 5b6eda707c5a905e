import { attribute } from '../../attribution/attribute.js';
import type { Journey } from '../../attribution/journey.js';
import type { MarkovResult } from '../../attribution/result.js';
import type { JourneyMapResult } from '../../analytics/journey-map/journey-map.js';
import { scoreTouchpoints, type ScoreWeights, type TouchpointEvidence, type TouchpointScore } from '../key-touchpoints.js';

/** What the key-touchpoint score is computed from, as the store delivers it. */
export interface KeyTouchpointsData {
  map: JourneyMapResult;
  /** Distinct people and events per touchpoint over all its cells. */
  reach: Map<string, { people: number; events: number }>;
  /** Conversion paths labelled by touchpoint, for the Markov removal effect. */
  journeys: Journey[];
  collapseRepeats: boolean;
}

export interface KeyTouchpointsComputeOptions {
  weights: ScoreWeights;
  minReach: number;
}

export interface KeyTouchpointsComputed {
  weights: ScoreWeights;
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

/** Markov removal effects, evidence and scores: the CPU half of the key touchpoints. */
export function computeKeyTouchpoints(data: KeyTouchpointsData, o: KeyTouchpointsComputeOptions): KeyTouchpointsComputed {
  const markov = attribute(data.journeys, { model: 'markov', order: 1, collapseRepeats: data.collapseRepeats }) as MarkovResult;
  const evidence = touchpointEvidence(data.map, markov, data.reach).filter((e) => e.reach >= o.minReach);
  return { weights: o.weights, touchpoints: scoreTouchpoints(evidence, o.weights), evidence };
}
