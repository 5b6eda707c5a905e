import type { AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { matchesEvent } from '../../analytics/shared/event-matcher.js';
import { matchesFilter, propertyText } from '../../analytics/shared/property-filter.js';
import { SegmentCycleError, UnknownComputedTraitError, UnknownSegmentError, type SegmentRule, type SeenWindow } from './segment-rule.js';
import { computedTraitValues } from '../computed-traits/computed-trait-reference.js';
import type { ComputedTraitValue } from '../computed-traits/computed-trait.schema.js';
import { computedTraitConditionHolds, type ComputedTraitResolver } from './computed-trait-condition.js';
import { scoreConditionHolds, type ScoreValues } from './score-condition.js';

/**
 * The reference semantics of segment rules (the SQL compiler must agree; differential tests on
 * both engines check it). A segment is evaluated as of an instant `asOf`: only events at or before
 * it count, and the people are those with at least one such event.
 * - trait: the person's latest value of the trait, from the identify event with the greatest
 *   (timestamp, messageId) that gives it a value (not null, not ""), compared as a property filter
 *   (`is_not_set` holds for a person who never had a value);
 * - performed: the count of matching events in (asOf − within, asOf] (every event if no `within`)
 *   is ≥ atLeast and ≤ atMost;
 * - firstSeen / lastSeen: the person's first / last event time t: before = t < before,
 *   after = t ≥ after, within = t > asOf − within (all given must hold);
 * - inSegment / notInSegment: membership of the saved segment's rule, as of the same instant;
 * - computedTrait: the saved trait's value as of the same instant (`computedTraitValues`),
 *   compared by `computedTraitConditionHolds`;
 * - score: the person's stored score from the latest complete scoring run (`scores`, person id →
 *   score name → value; a person or score not in it has none), compared by `scoreConditionHolds`.
 *   The run is the latest whatever `asOf` is (only the latest run is kept).
 */
export function segmentMembersReference(
  events: readonly AnalyticsEvent[],
  rule: SegmentRule,
  asOf: number,
  resolve: (key: string) => SegmentRule | undefined = () => undefined,
  computedTraits: ComputedTraitResolver = () => undefined,
  scores: ReadonlyMap<string, ScoreValues> = new Map(),
): Set<string> {
  const seen = events.filter((e) => e.timestamp <= asOf);
  const byPerson = new Map<string, AnalyticsEvent[]>();
  for (const e of seen) {
    let list = byPerson.get(e.personId);
    if (!list) byPerson.set(e.personId, (list = []));
    list.push(e);
  }
  const traits = latestTraitValues(seen);
  const memo = new Map<string, Set<string>>();
  const traitMemo = new Map<string, Map<string, ComputedTraitValue>>();
  const traitValues = (key: string) => {
    let m = traitMemo.get(key);
    if (!m) {
      const def = computedTraits(key);
      if (!def) throw new UnknownComputedTraitError(key);
      traitMemo.set(key, (m = new Map(computedTraitValues(events, def, asOf).map((r) => [r.personId, r.value]))));
    }
    return m;
  };
  const evalRule = (r: SegmentRule, p: string, evs: readonly AnalyticsEvent[], path: string[]): boolean => {
    if ('all' in r) return r.all.every((x) => evalRule(x, p, evs, path));
    if ('any' in r) return r.any.some((x) => evalRule(x, p, evs, path));
    if ('not' in r) return !evalRule(r.not, p, evs, path);
    if ('trait' in r) return matchesFilter(traits.get(p) ?? {}, { property: r.trait, op: r.op, value: r.value });
    if ('performed' in r) {
      const from = r.within === undefined ? -Infinity : asOf - r.within;
      const n = evs.filter((e) => e.timestamp > from && matchesEvent(e, r.performed)).length;
      return n >= r.atLeast && (r.atMost === undefined || n <= r.atMost);
    }
    if ('firstSeen' in r) return inWindow(Math.min(...evs.map((e) => e.timestamp)), r.firstSeen, asOf);
    if ('lastSeen' in r) return inWindow(Math.max(...evs.map((e) => e.timestamp)), r.lastSeen, asOf);
    if ('computedTrait' in r) return computedTraitConditionHolds(traitValues(r.computedTrait).get(p), computedTraits(r.computedTrait)!, r);
    if ('score' in r) return scoreConditionHolds(scores.get(p)?.[r.score], r);
    const key = 'inSegment' in r ? r.inSegment : r.notInSegment;
    const members = segment(key, path);
    return 'inSegment' in r ? members.has(p) : !members.has(p);
  };
  const segment = (key: string, path: string[]): Set<string> => {
    if (path.includes(key)) throw new SegmentCycleError([...path, key]);
    const cached = memo.get(key);
    if (cached) return cached;
    const r = resolve(key);
    if (!r) throw new UnknownSegmentError(key);
    const out = evaluate(r, [...path, key]);
    memo.set(key, out);
    return out;
  };
  const evaluate = (r: SegmentRule, path: string[]) => {
    const out = new Set<string>();
    for (const [p, evs] of byPerson) if (evalRule(r, p, evs, path)) out.add(p);
    return out;
  };
  return evaluate(rule, []);
}

function inWindow(t: number, w: SeenWindow, asOf: number): boolean {
  if (w.before !== undefined && !(t < Date.parse(w.before))) return false;
  if (w.after !== undefined && !(t >= Date.parse(w.after))) return false;
  if (w.within !== undefined && !(t > asOf - w.within)) return false;
  return true;
}

/** Latest non-empty value of each trait per person (identify events; ties broken by messageId). */
export function latestTraitValues(events: readonly AnalyticsEvent[]): Map<string, Record<string, unknown>> {
  const best = new Map<string, Map<string, { ts: number; id: string; v: unknown }>>();
  for (const e of events) {
    if (e.type !== 'identify') continue;
    let m = best.get(e.personId);
    if (!m) best.set(e.personId, (m = new Map()));
    for (const [k, v] of Object.entries(e.traits)) {
      if (propertyText(v) === null) continue;
      const cur = m.get(k);
      if (!cur || e.timestamp > cur.ts || (e.timestamp === cur.ts && e.messageId > cur.id)) m.set(k, { ts: e.timestamp, id: e.messageId, v });
    }
  }
  const out = new Map<string, Record<string, unknown>>();
  for (const [p, m] of best) out.set(p, Object.fromEntries([...m].map(([k, x]) => [k, x.v])));
  return out;
}
