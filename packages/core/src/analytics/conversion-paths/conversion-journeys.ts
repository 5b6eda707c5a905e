import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { matchesEvent } from '../shared/event-matcher.js';
import { personMatcher } from '../shared/person-filter.js';
import { byPersonInOrder } from '../shared/sessions.js';
import { inRange } from '../shared/time-range.js';
import { JOURNEY_EVENT_TYPES, type ConversionPathsDefinition, type JourneyCut } from './conversion-paths.schema.js';
import { conversionValue } from './conversion-value.js';
import { journeyLabeler } from './journey-label.js';
import type { Journey, Touch } from '../../attribution/journey.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The touches a journey keeps of those gathered since the previous conversion (in order):
 * those at most `lookback` before `endAt` (the conversion, or for a null journey its last
 * touch), consecutive equal labels merged into the latest of the run when `collapseRepeats`,
 * then, only when `maxTouches` is set, the last `maxTouches`; `dropped` counts the touches the
 * cap left out (0 without a cap).
 */
export function cutTouches(
  touches: readonly Touch[],
  endAt: number,
  def: Pick<ConversionPathsDefinition, 'lookback' | 'collapseRepeats' | 'maxTouches'>,
): { touches: Touch[]; dropped: number } {
  let kept = touches.filter((t) => endAt - t.timestamp <= def.lookback);
  if (def.collapseRepeats) kept = kept.filter((t, i) => i === kept.length - 1 || kept[i + 1]!.label !== t.label);
  const dropped = def.maxTouches === undefined ? 0 : Math.max(0, kept.length - def.maxTouches);
  return { touches: dropped > 0 ? kept.slice(dropped) : kept, dropped };
}

/**
 * Conversion journeys computed in memory: the reference the SQL versions are tested against
 * (see `conversionPathsSchema` for the rules). People in person id order (code units), each
 * person's journeys in time order, the null journey last.
 */
export function conversionJourneys(events: readonly AnalyticsEvent[], def: ConversionPathsDefinition): Journey[] {
  return conversionJourneysWithCut(events, def).journeys;
}

/** `conversionJourneys` and what its `maxTouches` cap cut (the reference of `runConversionPaths`). */
export function conversionJourneysWithCut(events: readonly AnalyticsEvent[], def: ConversionPathsDefinition): { journeys: Journey[]; cut: JourneyCut } {
  const inSegment = personMatcher(events, def.segment);
  const label = journeyLabeler(def.by);
  const kept = events.filter((e) => JOURNEY_EVENT_TYPES.includes(e.type) && inRange(e.timestamp, def.range) && inSegment(e.personId));
  const people = [...byPersonInOrder(kept)].sort(([a], [b]) => byText(a, b));
  const out: Journey[] = [];
  const cut: JourneyCut = { maxTouches: def.maxTouches ?? null, journeys: 0, touches: 0 };
  const keep = (pending: Touch[], endAt: number): Touch[] => {
    const c = cutTouches(pending, endAt, def);
    if (c.dropped > 0) {
      cut.journeys++;
      cut.touches += c.dropped;
    }
    return c.touches;
  };
  for (const [personId, list] of people) {
    let pending: Touch[] = [];
    for (const e of list) {
      if (matchesEvent(e, def.conversion)) {
        out.push({ personId, touches: keep(pending, e.timestamp), converted: true, value: conversionValue(e.properties), conversionAt: e.timestamp });
        pending = [];
      } else if (!def.touches || matchesEvent(e, def.touches)) {
        pending.push({ label: label(e), timestamp: e.timestamp });
      }
    }
    if (pending.length > 0) out.push({ personId, touches: keep(pending, pending[pending.length - 1]!.timestamp), converted: false, value: 0, conversionAt: null });
  }
  return { journeys: out, cut };
}
