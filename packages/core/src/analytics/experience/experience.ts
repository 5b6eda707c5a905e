import { z } from 'zod';
import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { latestTraits, personFilterSchema } from '../shared/person-filter.js';
import { propertyText } from '../shared/property-filter.js';
import { timeRangeSchema } from '../shared/time-range.js';
import { emotionOf, ScoreTally, sentimentCache, type ExperienceScores, type ResponseGroup, type SentimentScorer } from './experience-scores.js';
import { isJourneyStep, responseGroups, scopedEvents, stageIndex } from './scope.js';
import { TouchpointLinker, type CellEvents } from './touchpoint-link.js';

/** `POST /v1/analytics/experience`: scores per touchpoint, per stage and per value of a trait. */
export const experienceDefinitionSchema = z
  .object({
    segment: personFilterSchema.optional(),
    period: timeRangeSchema.optional(),
    /** Trait whose latest value groups respondents (default `persona`). */
    trait: z.string().min(1).max(200).default('persona'),
  })
  .strict();
export type ExperienceDefinition = z.output<typeof experienceDefinitionSchema>;

type Emotion = ReturnType<typeof emotionOf>;
export interface ExperienceResult {
  trait: string;
  touchpoints: Array<{ touchpoint: string; stage: string | null } & ExperienceScores & { emotion: Emotion }>;
  stages: Array<{ stage: string } & ExperienceScores & { emotion: Emotion }>;
  groups: Array<{ value: string | null } & ExperienceScores & { emotion: Emotion }>;
  overall: ExperienceScores & { emotion: Emotion };
}

/** Assemble the roll-ups from counted responses and the step counts that link touchpoints to stages. */
export function assembleExperience(trait: string, responses: readonly ResponseGroup[], cells: readonly CellEvents[], scorer: SentimentScorer): ExperienceResult {
  const linker = new TouchpointLinker(cells);
  const sentiment = sentimentCache(scorer);
  const tallies = { tp: new Map<string, ScoreTally>(), stage: new Map<string, ScoreTally>(), group: new Map<string | null, ScoreTally>() };
  const overall = new ScoreTally();
  const tally = <K>(m: Map<K, ScoreTally>, k: K) => m.get(k) ?? (m.set(k, new ScoreTally()), m.get(k)!);
  for (const g of responses) {
    const s = g.text === null ? null : sentiment(g.text, g.language);
    tally(tallies.tp, linker.resolve(g.touchpoint)).addGroup(g, s);
    tally(tallies.group, g.group).addGroup(g, s);
    overall.addGroup(g, s);
    const stage = linker.stage(g.touchpoint);
    if (stage !== null) tally(tallies.stage, stage).addGroup(g, s);
  }
  const fin = (t: ScoreTally) => {
    const sc = t.finish();
    return { ...sc, emotion: emotionOf(sc) };
  };
  const cmp = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
  return {
    trait,
    touchpoints: [...tallies.tp]
      .map(([touchpoint, t]) => ({ touchpoint, stage: linker.stage(touchpoint), ...fin(t) }))
      .filter((r) => r.responses > 0)
      .sort((a, b) => b.responses - a.responses || cmp(a.touchpoint, b.touchpoint)),
    stages: [...tallies.stage].map(([stage, t]) => ({ stage, ...fin(t) })).filter((r) => r.responses > 0).sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage)),
    groups: [...tallies.group].map(([value, t]) => ({ value, ...fin(t) })).filter((r) => r.responses > 0).sort((a, b) => cmp(a.value, b.value)),
    overall: fin(overall),
  };
}

/** Step events per (stage, channel, touchpoint) of scoped events (reference). */
export function cellEvents(scoped: readonly AnalyticsEvent[]): CellEvents[] {
  const m = new Map<string, CellEvents>();
  for (const e of scoped) {
    if (!isJourneyStep(e)) continue;
    const k = JSON.stringify([e.stage, e.channel, e.touchpoint]);
    const c = m.get(k);
    if (c) c.events++;
    else m.set(k, { stage: e.stage, channel: e.channel, touchpoint: e.touchpoint, events: 1 });
  }
  return [...m.values()];
}

/** TypeScript reference of the experience analysis over in-memory events. */
export function experienceReference(events: readonly AnalyticsEvent[], def: ExperienceDefinition, scorer: SentimentScorer): ExperienceResult {
  const scoped = scopedEvents(events, def.segment, def.period);
  const traits = latestTraits(events);
  const groups = responseGroups(scoped, (p) => propertyText(traits.get(p)?.[def.trait]));
  return assembleExperience(def.trait, groups, cellEvents(scoped), scorer);
}
