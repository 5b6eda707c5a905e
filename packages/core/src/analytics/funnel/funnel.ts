import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { latestTraits, personMatcher } from '../shared/person-filter.js';
import { propertyText } from '../shared/property-filter.js';
import { byPersonInOrder, sessionIds } from '../shared/sessions.js';
import { inRange } from '../shared/time-range.js';
import { newestEventMs, observationEnd } from '../shared/observation-end.js';
import { periodIndex, periodStartMs } from '../retention/period-index.js';
import { entityFunnel, isExcluded, type FunnelEntity } from './funnel-entities.js';
import { assembleFunnelResult, durationStats, histogramBin, FUNNEL_HISTOGRAM_BINS, type FunnelCountRow, type FunnelResult, type FunnelTimeStats } from './funnel-result.js';
import { funnelSchema, type FunnelDefinition, type FunnelInput } from './funnel.schema.js';
import { SEGMENT_BREAKDOWN_GROUPS, segmentBreakdownAsOf, segmentBreakdownRule } from '../shared/segment-breakdown.js';
import { segmentMembersReference } from '../../customers/segments/segment-reference.js';

/** The entities of the funnel (people, or sessions of people) with their events in canonical order. */
function entities(events: readonly AnalyticsEvent[], d: FunnelDefinition): Map<string, AnalyticsEvent[]> {
  const inSegment = personMatcher(events, d.segment);
  const kept = events.filter((e) => inRange(e.timestamp, d.range) && inSegment(e.personId));
  const people = byPersonInOrder(kept);
  if (d.countBy === 'person') return people;
  const sid = sessionIds(kept, d.sessionGap);
  const out = new Map<string, AnalyticsEvent[]>();
  for (const list of people.values())
    for (const e of list) {
      const s = sid.get(e.messageId)!;
      const l = out.get(s);
      if (l) l.push(e);
      else out.set(s, [e]);
    }
  return out;
}

/** Breakdown value of an entity: the smallest non-empty value among its start events, or the person's latest trait. */
function breakdownOf(f: FunnelEntity, d: FunnelDefinition, traits: () => Map<string, Record<string, unknown>>, segment?: Set<string>): string | null {
  const b = d.breakdown;
  if (!b) return null;
  if ('trait' in b) return propertyText(traits().get(f.personId)?.[b.trait]);
  if ('segment' in b) return segment!.has(f.personId) ? SEGMENT_BREAKDOWN_GROUPS.in : SEGMENT_BREAKDOWN_GROUPS.out;
  const values = f.startEvents.map((e) => propertyText(e.properties[b.property])).filter((v): v is string => v !== null);
  return values.length ? values.reduce((a, v) => (v < a ? v : a)) : null;
}

/** Step-to-step and total time statistics and the histogram of these entities (empty for order "any"). */
function timeStats(kept: readonly FunnelEntity[], d: FunnelDefinition): FunnelTimeStats {
  const n = d.steps.length;
  const ordered = d.order !== 'any';
  const totals = ordered ? kept.filter((f) => f.maxStep === n).map((f) => f.stepTimes[n - 1]! - f.stepTimes[0]!) : [];
  const histogram = FUNNEL_HISTOGRAM_BINS.map(() => 0);
  for (const t of totals) histogram[histogramBin(t)]!++;
  return {
    fromPrevious: d.steps.map((_, i) => (i === 0 || !ordered ? null : durationStats(kept.filter((f) => f.maxStep > i).map((f) => f.stepTimes[i]! - f.stepTimes[i - 1]!)))),
    total: durationStats(totals),
    histogram,
  };
}

/**
 * The TypeScript reference funnel: the definition of what the SQL runner must return (the
 * differential tests compare them on random data). Reads everything into memory.
 */
export function funnelReference(events: readonly AnalyticsEvent[], input: FunnelInput | FunnelDefinition): FunnelResult {
  const d = funnelSchema.parse(input);
  const n = d.steps.length;
  let traitCache: Map<string, Record<string, unknown>> | undefined;
  const traits = () => (traitCache ??= latestTraits(events));
  const segment = d.breakdown && 'segment' in d.breakdown ? segmentMembersReference(events, segmentBreakdownRule(d.breakdown), segmentBreakdownAsOf(d.breakdown)) : undefined;
  const counts = new Map<string, FunnelCountRow>();
  const kept: FunnelEntity[] = [];
  for (const [entity, list] of entities(events, d)) {
    const f = entityFunnel(entity, list, d);
    if (f.maxStep === 0 || isExcluded(f, list, d)) continue;
    kept.push(f);
    const row: FunnelCountRow = { breakdown: breakdownOf(f, d, traits, segment), periodStartMs: periodStartMs(d.interval, periodIndex(d.interval, f.startMs)), maxStep: f.maxStep, count: 0 };
    const key = JSON.stringify([row.breakdown, row.periodStartMs, row.maxStep]);
    (counts.get(key) ?? counts.set(key, row).get(key)!).count++;
  }
  const times = timeStats(kept, d);
  let breakdownTimes: Map<string | null, FunnelTimeStats> | undefined;
  if (d.breakdown) {
    const groups = new Map<string | null, FunnelEntity[]>();
    for (const f of kept) {
      const b = breakdownOf(f, d, traits, segment);
      const list = groups.get(b);
      if (list) list.push(f);
      else groups.set(b, [f]);
    }
    breakdownTimes = new Map([...groups].map(([b, fs]) => [b, timeStats(fs, d)]));
  }
  let dropOff: FunnelResult['dropOff'];
  if (d.dropOffStep !== undefined) {
    const step = d.dropOffStep;
    const people = [...new Set(kept.filter((f) => f.maxStep === step - 1).map((f) => f.personId))].sort();
    dropOff = { step, count: people.length, people: people.slice(0, d.dropOffLimit) };
  }
  return assembleFunnelResult(d, [...counts.values()], times, observationEnd(newestEventMs(events), d.range), dropOff, breakdownTimes);
}
