import type { AnalyticsEvent } from '../shared/analytics-event.js';
import type { PersonFilter } from '../shared/person-filter.js';
import type { TimeRange } from '../shared/time-range.js';
import { STAGES } from '../../touchpoint/vocabulary.js';
import { emotionOf, round, ScoreTally, sentimentCache, type ResponseGroup, type SentimentScorer } from '../experience/experience-scores.js';
import { responseGroups, scopedEvents } from '../experience/scope.js';
import { TouchpointLinker } from '../experience/touchpoint-link.js';
import { journeyCounts, type CellCounts, type StageCounts } from './journey-counts.js';
import { flagCells, type JourneyFlag } from './journey-map-flags.js';
import type { FlagThresholds, JourneyMapDefinition } from './journey-map.schema.js';
import type { Emotion, JourneyCell, JourneyStage } from './journey-map.types.js';

export interface JourneyMapResult {
  segment: PersonFilter | null;
  period: TimeRange | null;
  /** Channels that have cells, busiest first: the lanes of the map. */
  channels: string[];
  stages: JourneyStage[];
  cells: JourneyCell[];
  emotionCurve: Array<{ stage: string; responses: number } & Emotion>;
  painPoints: JourneyFlag[];
  opportunities: JourneyFlag[];
  thresholds: FlagThresholds;
  totals: { events: number; responses: number; unlinkedResponses: number };
}

const LAST_STAGE = STAGES[STAGES.length - 1];

/**
 * Build the map from the counted numbers (TS reference or SQL, same shapes): rates, experience
 * scores linked to cells (see `TouchpointLinker`), the emotion curve and the flags.
 */
export function assembleJourneyMap(
  def: JourneyMapDefinition,
  counts: { cells: readonly CellCounts[]; stages: readonly StageCounts[] },
  responses: readonly ResponseGroup[],
  scorer: SentimentScorer,
): JourneyMapResult {
  const linker = new TouchpointLinker(counts.cells);
  const sentiment = sentimentCache(scorer);
  const cellTally = new Map<string, ScoreTally>();
  const stageTally = new Map<string, ScoreTally>();
  let unlinked = 0;
  let responsesTotal = 0;
  for (const g of responses) {
    responsesTotal += g.n;
    const at = linker.cell(g.touchpoint, g.channel);
    if (!at) {
      unlinked += g.n;
      continue;
    }
    const s = g.text === null ? null : sentiment(g.text, g.language);
    const k = JSON.stringify([at.stage, at.channel, at.touchpoint]);
    (cellTally.get(k) ?? cellTally.set(k, new ScoreTally()).get(k)!).addGroup(g, s);
    (stageTally.get(at.stage) ?? stageTally.set(at.stage, new ScoreTally()).get(at.stage)!).addGroup(g, s);
  }
  const rate = (a: number, b: number) => (b > 0 ? round(a / b) : 0);
  const cells: JourneyCell[] = counts.cells.map((c) => ({
    ...c,
    conversion: c.stage === LAST_STAGE ? null : rate(c.converted, c.people),
    bounceRate: rate(c.bounces, c.sessions),
    experience: (cellTally.get(JSON.stringify([c.stage, c.channel, c.touchpoint])) ?? new ScoreTally()).finish(),
  }));
  const stages: JourneyStage[] = counts.stages.map((s) => {
    const experience = (stageTally.get(s.stage) ?? new ScoreTally()).finish();
    return {
      ...s,
      conversion: s.stage === LAST_STAGE ? null : rate(s.converted, s.people),
      cells: cells.filter((c) => c.stage === s.stage).length,
      experience,
      emotion: emotionOf(experience),
    };
  });
  const laneEvents = new Map<string, number>();
  for (const c of cells) laneEvents.set(c.channel, (laneEvents.get(c.channel) ?? 0) + c.events);
  return {
    segment: def.segment ?? null,
    period: def.period ?? null,
    channels: [...laneEvents].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c),
    stages,
    cells,
    emotionCurve: stages.map((s) => ({ stage: s.stage, responses: s.experience.responses, ...s.emotion })),
    ...flagCells(cells, def.thresholds),
    thresholds: def.thresholds,
    totals: { events: cells.reduce((a, c) => a + c.events, 0), responses: responsesTotal, unlinkedResponses: unlinked },
  };
}

/** TypeScript reference of the journey map over in-memory events. */
export function journeyMapReference(events: readonly AnalyticsEvent[], def: JourneyMapDefinition, scorer: SentimentScorer): JourneyMapResult {
  const scoped = scopedEvents(events, def.segment, def.period);
  return assembleJourneyMap(def, journeyCounts(scoped, def.sessionGap), responseGroups(scoped), scorer);
}
