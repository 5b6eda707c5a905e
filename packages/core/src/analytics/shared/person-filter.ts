import { z } from 'zod';
import type { AnalyticsEvent } from './analytics-event.js';
import { matchesFilter, propertyFilterSchema, type PropertyFilter } from './property-filter.js';
import { segmentKeySchema, segmentRuleSchema, type SegmentRule } from '../../customers/segments/segment-rule.js';
import { segmentMembersReference } from '../../customers/segments/segment-reference.js';
import { computedTraitDefinitionSchema, type ComputedTraitDefinition } from '../../customers/computed-traits/computed-trait.schema.js';

/** An ISO-8601 instant (the `asOf` of a segment rule in a filter or breakdown). */
export const segmentAsOfSchema = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO-8601 date-time such as 2025-01-31T00:00:00Z');

/**
 * One condition of a person filter:
 * - a trait filter `{ property, op, value }` on the person's latest traits (see `latestTraits`);
 * - `{ inSegment: key }` / `{ notInSegment: key }`: membership of a saved segment (the server
 *   replaces it by the segment's rule, as of the request time, before the analysis runs);
 * - `{ rule, asOf?, computedTraits? }`: the people a segment rule holds as of `asOf` (default: the
 *   request time; see `segmentMembersReference`); `computedTraits` holds the definitions of the
 *   computed traits the rule compares, by key (the server fills it from the saved ones).
 */
export const personFilterItemSchema = z.union([
  propertyFilterSchema,
  z.object({ inSegment: segmentKeySchema }).strict(),
  z.object({ notInSegment: segmentKeySchema }).strict(),
  z.object({ rule: segmentRuleSchema, asOf: segmentAsOfSchema.optional(), computedTraits: z.record(z.string(), computedTraitDefinitionSchema).optional() }).strict(),
]);
export type PersonFilterItem = z.infer<typeof personFilterItemSchema>;

/** Who an analysis looks at: every condition must hold (the list form of trait filters is the older form). */
export const personFilterSchema = z.array(personFilterItemSchema).max(20);
export type PersonFilter = z.infer<typeof personFilterSchema>;

/** A rule condition of a person filter, resolved (self-contained rule and an instant). */
export type PersonRuleItem = { rule: SegmentRule; asOf?: string; computedTraits?: Record<string, ComputedTraitDefinition> };

/** The computed-trait resolver of a rule item (its own definitions, by key). */
export const ruleItemTraits = (f: PersonRuleItem) => (key: string): ComputedTraitDefinition | undefined => (f.computedTraits && Object.hasOwn(f.computedTraits, key) ? f.computedTraits[key] : undefined);

export const isTraitItem = (f: PersonFilterItem): f is PropertyFilter => 'property' in f;
export const isRuleItem = (f: PersonFilterItem): f is PersonRuleItem => 'rule' in f;

/** Thrown when a filter still names a saved segment where only a resolved filter may go. */
export class UnresolvedSegmentFilterError extends Error {
  constructor(readonly key: string) {
    super(`the person filter names the saved segment ${JSON.stringify(key)}: resolve it first (resolvePersonFilter)`);
  }
}

/** The instant of a rule item, in ms (an unresolved item without `asOf` is refused). */
export function ruleItemAsOf(f: PersonRuleItem): number {
  if (f.asOf === undefined) throw new Error('a segment rule in a person filter needs asOf once resolved (resolvePersonFilter fills it)');
  return Date.parse(f.asOf);
}

/** Latest value of each trait per person, from identify events (ties broken by messageId). */
export function latestTraits(events: readonly AnalyticsEvent[]): Map<string, Record<string, unknown>> {
  const best = new Map<string, Map<string, { ts: number; id: string; v: unknown }>>();
  for (const e of events) {
    if (e.type !== 'identify') continue;
    let m = best.get(e.personId);
    if (!m) best.set(e.personId, (m = new Map()));
    for (const [k, v] of Object.entries(e.traits)) {
      const cur = m.get(k);
      if (!cur || e.timestamp > cur.ts || (e.timestamp === cur.ts && e.messageId > cur.id)) m.set(k, { ts: e.timestamp, id: e.messageId, v });
    }
  }
  const out = new Map<string, Record<string, unknown>>();
  for (const [p, m] of best) out.set(p, Object.fromEntries([...m].map(([k, x]) => [k, x.v])));
  return out;
}

/**
 * People matching the filter (undefined filter: everyone is in). Trait items test the latest
 * traits; rule items test membership of the rule as of their `asOf` over all the events given.
 * Saved-segment items must have been resolved (see `resolvePersonFilter`).
 */
export function personMatcher(events: readonly AnalyticsEvent[], filter: PersonFilter | undefined): (personId: string) => boolean {
  if (!filter || filter.length === 0) return () => true;
  const tests: ((p: string) => boolean)[] = [];
  let traits: Map<string, Record<string, unknown>> | undefined;
  for (const f of filter) {
    if (isTraitItem(f)) {
      traits ??= latestTraits(events);
      const t = traits;
      tests.push((p) => matchesFilter(t.get(p) ?? {}, f));
    } else if (isRuleItem(f)) {
      const members = segmentMembersReference(events, f.rule, ruleItemAsOf(f), undefined, ruleItemTraits(f));
      tests.push((p) => members.has(p));
    } else throw new UnresolvedSegmentFilterError('inSegment' in f ? f.inSegment : f.notInSegment);
  }
  return (p) => tests.every((t) => t(p));
}
