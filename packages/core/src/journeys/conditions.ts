import { matchesFilter, type PropertyFilter } from '../analytics/shared/property-filter.js';
import { comparisonHolds } from '../customers/segments/comparison-condition.js';
import type { JourneyCondition, JourneyDefinition, JourneyStep } from './journey-definition.schema.js';
import { eventHistoryKey, type JourneyEvent, type PersonContext } from './person-context.js';

/** Every filter holds on the event's properties (an empty list always holds). */
export function eventMatches(e: JourneyEvent, event: string, where: readonly PropertyFilter[]): boolean {
  return e.event === event && where.every((f) => matchesFilter(e.properties, f));
}

/** The correlation value an event carries (text, as filters compare), or null. */
export function correlationOf(e: JourneyEvent, property: string | undefined): string | null {
  if (property === undefined) return null;
  const v = e.properties[property];
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const countHolds = (n: number, op: 'gte' | 'lte' | 'eq', count: number) => (op === 'gte' ? n >= count : op === 'lte' ? n <= count : n === count);

const storedValue = (v: unknown): string | number | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'number' ? v : typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : JSON.stringify(v);

/** Whether a branch condition holds for the person as the context describes them. */
export function conditionHolds(c: JourneyCondition, p: PersonContext): boolean {
  if ('all' in c) return c.all.every((x) => conditionHolds(x, p));
  if ('any' in c) return c.any.some((x) => conditionHolds(x, p));
  if ('not' in c) return !conditionHolds(c.not, p);
  if ('segment' in c) return p.segments.includes(c.segment) === c.member;
  if ('event' in c) return countHolds(p.eventCounts[eventHistoryKey(c.event, c.within)] ?? 0, c.op, c.count);
  if ('computedTrait' in c) {
    const v = storedValue(p.computed[c.computedTrait]);
    return comparisonHolds(v, c, typeof v === 'number');
  }
  return matchesFilter(p.traits, { property: c.trait, op: c.op, ...(c.value !== undefined ? { value: c.value } : {}) });
}

/** What a worker must gather for a journey's branches: the event-history counts and whether computed traits are read. */
export interface ContextNeeds {
  eventCounts: Array<{ event: string; within?: string }>;
  computedTraits: string[];
}

export function contextNeeds(def: JourneyDefinition): ContextNeeds {
  const counts = new Map<string, { event: string; within?: string }>();
  const computed = new Set<string>();
  const walk = (c: JourneyCondition): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else if ('event' in c) counts.set(eventHistoryKey(c.event, c.within), { event: c.event, ...(c.within ? { within: c.within } : {}) });
    else if ('computedTrait' in c) computed.add(c.computedTrait);
  };
  for (const s of def.steps) if (s.type === 'branch') s.branches.forEach((b) => walk(b.when));
  return { eventCounts: [...counts.values()], computedTraits: [...computed] };
}

/** The event names a journey listens for (trigger, waits, goal, exits): the feed forwards only these. */
export function listenedEvents(def: JourneyDefinition): string[] {
  const names = new Set<string>();
  if (def.trigger.type === 'event') names.add(def.trigger.event);
  for (const s of def.steps as JourneyStep[]) if (s.type === 'waitForEvent') names.add(s.event);
  if (def.goal) names.add(def.goal.event);
  for (const x of def.exits) if ('event' in x) names.add(x.event);
  return [...names];
}
