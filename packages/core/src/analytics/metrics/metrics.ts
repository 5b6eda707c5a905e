import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { matchesEvent } from '../shared/event-matcher.js';
import { personMatcher } from '../shared/person-filter.js';
import { propertyText } from '../shared/property-filter.js';
import { byPersonInOrder } from '../shared/sessions.js';
import { inRange } from '../shared/time-range.js';
import { periodIndex } from '../retention/period-index.js';
import { ALL_GROUP, emptyCells, metricsResult, type MetricCells, type MetricsCounts, type MetricsResult, type PeopleCount } from './metrics-result.js';
import type { MetricsDefinition } from './metrics.schema.js';
import { newestEventMs, observationEnd } from '../shared/observation-end.js';

/** The group an event counts in (its own channel, touchpoint or stage). */
export const eventGroup = (e: AnalyticsEvent, def: MetricsDefinition): string => (def.by ? (def.by === 'channel' ? e.channel : def.by === 'touchpoint' ? e.touchpoint : e.stage) : ALL_GROUP);

/**
 * The group a survey answer counts in: by touchpoint, the touchpoint it rates
 * (`properties.touchpoint`, falling back to where the survey event was classified); by channel
 * or stage, the survey event's own channel or stage.
 */
export const surveyGroup = (e: AnalyticsEvent, def: MetricsDefinition): string =>
  def.by === 'touchpoint' ? (propertyText(e.properties.touchpoint) ?? e.touchpoint) : eventGroup(e, def);

/** A number from a property, as the SQL engines read it (null when absent or not a number). */
export function numberProperty(bag: Record<string, unknown>, key: string): number | null {
  const t = propertyText(bag[key]);
  if (t === null || t.trim() === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Adds one survey answer to the cells (ignoring unknown kinds and out-of-scale scores). */
function addSurvey(c: MetricCells, kind: string | null, s: number | null): void {
  if (s === null) return;
  if (kind === 'csat' && s >= 1 && s <= 5) {
    c.csatN++;
    c.csatSum += s;
    if (s >= 4) c.csatTop++;
  } else if (kind === 'nps' && s >= 0 && s <= 10) {
    c.npsN++;
    if (s >= 9) c.npsPromoters++;
    if (s <= 6) c.npsDetractors++;
  } else if (kind === 'ces' && s >= 1 && s <= 7) {
    c.cesN++;
    c.cesSum += s;
  }
}

/**
 * Reference counts. Only events inside the range (and of people in the segment) count; sessions
 * are cut from those events, belong to the period and group of their first event, and last from
 * their first to their last event.
 */
export function metricsCounts(events: readonly AnalyticsEvent[], def: MetricsDefinition): MetricsCounts {
  const inSegment = personMatcher(events, def.segment);
  const evs = events.filter((e) => inRange(e.timestamp, def.range) && inSegment(e.personId));
  const unit = def.interval;
  const pairs = def.clickThrough.length;
  const cells = new Map<string, { period: number; group: string; cells: MetricCells }>();
  const cell = (period: number, group: string) => {
    const k = `${period}|${group}`;
    if (!cells.has(k)) cells.set(k, { period, group, cells: emptyCells(pairs) });
    return cells.get(k)!.cells;
  };
  // People: active (person, period, group) and converted (person, period); period null = whole range.
  const active = new Map<string, { period: number | null; group: string; people: Set<string> }>();
  const converted = new Set<string>();
  for (const e of evs) {
    const p = periodIndex(unit, e.timestamp);
    const g = eventGroup(e, def);
    for (const period of [p, null]) {
      const k = `${period ?? ''}|${g}`;
      if (!active.has(k)) active.set(k, { period, group: g, people: new Set() });
      active.get(k)!.people.add(e.personId);
    }
    if (matchesEvent(e, def.conversion)) converted.add(`${p}|${e.personId}`).add(`|${e.personId}`);
    def.clickThrough.forEach((pair, i) => {
      if (matchesEvent(e, pair.impression)) cell(p, g).impressions[i]!++;
      if (matchesEvent(e, pair.click)) cell(p, g).clicks[i]!++;
    });
    if (matchesEvent(e, def.survey)) addSurvey(cell(p, surveyGroup(e, def)), propertyText(e.properties.survey), numberProperty(e.properties, 'score'));
  }
  for (const list of byPersonInOrder(evs).values()) {
    let first: AnalyticsEvent | undefined;
    let last: AnalyticsEvent | undefined;
    let n = 0;
    const close = () => {
      if (!first || !last) return;
      const c = cell(periodIndex(unit, first.timestamp), eventGroup(first, def));
      c.sessions++;
      if (n === 1) c.bounces++;
      c.durationMs += last.timestamp - first.timestamp;
    };
    for (const e of list) {
      if (last && e.timestamp - last.timestamp > def.sessionGap) {
        close();
        first = undefined;
        n = 0;
      }
      first ??= e;
      last = e;
      n++;
    }
    close();
  }
  const people: PeopleCount[] = [...active.values()].map(({ period, group, people: ps }) => ({
    period,
    group,
    active: ps.size,
    converters: [...ps].filter((id) => converted.has(`${period ?? ''}|${id}`)).length,
  }));
  return { cells: [...cells.values()], people, observedEndMs: observationEnd(newestEventMs(events), def.range) };
}

/** Metrics computed in memory: the reference the SQL version is tested against. */
export const metrics = (events: readonly AnalyticsEvent[], def: MetricsDefinition): MetricsResult => metricsResult(def, metricsCounts(events, def));
