import { z } from 'zod';
import type { AnalyticsEvent } from './analytics-event.js';
import { matchesFilter, propertyFilterSchema } from './property-filter.js';

/**
 * A segment until saved segments exist: conditions on a person's latest traits (from identify
 * calls, latest value per trait wins). All conditions must hold.
 */
export const personFilterSchema = z.array(propertyFilterSchema).max(20);
export type PersonFilter = z.infer<typeof personFilterSchema>;

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

/** People matching the filter (undefined filter: everyone is in). */
export function personMatcher(events: readonly AnalyticsEvent[], filter: PersonFilter | undefined): (personId: string) => boolean {
  if (!filter || filter.length === 0) return () => true;
  const traits = latestTraits(events);
  return (p) => filter.every((f) => matchesFilter(traits.get(p) ?? {}, f));
}
