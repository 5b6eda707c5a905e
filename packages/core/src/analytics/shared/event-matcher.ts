import { z } from 'zod';
import { eventLabel, type AnalyticsEvent } from './analytics-event.js';
import { matchesFilter, propertyFilterSchema } from './property-filter.js';

const oneOrMany = z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(50)]);
export const toList = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/**
 * Which events count: any of the named events (track event name, or page/screen name), and/or
 * a touchpoint, channel or stage; all property filters must hold. An empty matcher matches all.
 */
export const eventMatcherSchema = z
  .object({
    event: oneOrMany.optional(),
    touchpoint: oneOrMany.optional(),
    channel: oneOrMany.optional(),
    stage: oneOrMany.optional(),
    where: z.array(propertyFilterSchema).max(20).optional(),
  })
  .strict();
export type EventMatcher = z.infer<typeof eventMatcherSchema>;

export function matchesEvent(e: AnalyticsEvent, m: EventMatcher): boolean {
  const ev = toList(m.event);
  if (ev && !ev.includes(eventLabel(e))) return false;
  const tp = toList(m.touchpoint);
  if (tp && !tp.includes(e.touchpoint)) return false;
  const ch = toList(m.channel);
  if (ch && !ch.includes(e.channel)) return false;
  const st = toList(m.stage);
  if (st && !st.includes(e.stage)) return false;
  return (m.where ?? []).every((f) => matchesFilter(e.properties, f));
}
