import { eventLabel, type AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { propertyText } from '../../analytics/shared/property-filter.js';
import type { RfmDefinition, RfmRaw } from './rfm.schema.js';

export const DAY_MS = 86_400_000;

/** A property's number as both engines read it (JSON text → double); null when absent or not a number. */
export function numericProperty(bag: Record<string, unknown>, key: string): number | null {
  const text = propertyText(bag[key]);
  if (text === null || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Exclusive end (ms) of the as-of day, or null for "no bound". */
export const asOfEndMs = (asOf: string | undefined): number | null => (asOf === undefined ? null : Date.parse(`${asOf}T00:00:00Z`) + DAY_MS);

/** Per-person last purchase, count and value sum: the TypeScript reference the SQL must equal. */
export function rfmRaw(events: readonly AnalyticsEvent[], def: RfmDefinition): RfmRaw[] {
  const end = asOfEndMs(def.asOf);
  const by = new Map<string, RfmRaw>();
  for (const e of events) {
    if (eventLabel(e) !== def.purchase || (end !== null && e.timestamp >= end)) continue;
    const v = numericProperty(e.properties, def.value) ?? 0;
    const cur = by.get(e.personId);
    if (!cur) by.set(e.personId, { personId: e.personId, lastMs: e.timestamp, frequency: 1, monetary: v });
    else {
      cur.lastMs = Math.max(cur.lastMs, e.timestamp);
      cur.frequency += 1;
      cur.monetary += v;
    }
  }
  return [...by.values()].sort((a, b) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0));
}
