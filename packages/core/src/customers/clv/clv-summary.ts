import { eventLabel, type AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { asOfEndMs, DAY_MS, numericProperty } from '../rfm/rfm-reference.js';
import type { ClvDefinition, ClvSummary } from './clv.schema.js';

const byPerson = (a: { personId: string }, b: { personId: string }) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);

/** Per-person purchase days: day number (UTC days since the epoch) → summed value. */
export interface PurchaseDays {
  personId: string;
  days: Map<number, number>;
}

/** The UTC day number of the as-of day, or of the latest purchase when no as-of is given. */
export function clvAsOfDay(def: Pick<ClvDefinition, 'asOf'>, latestPurchaseMs: number | null): number | null {
  if (def.asOf !== undefined) return Math.floor(Date.parse(`${def.asOf}T00:00:00Z`) / DAY_MS);
  return latestPurchaseMs === null ? null : Math.floor(latestPurchaseMs / DAY_MS);
}

/** Summary of one person from their purchase days, as of a day (see `ClvSummary`). */
export function summarizeDays(personId: string, days: ReadonlyMap<number, number>, asOfDay: number): ClvSummary {
  const sorted = [...days.keys()].sort((x, y) => x - y);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  let repeatSum = 0;
  for (const d of sorted.slice(1)) repeatSum += days.get(d)!;
  const frequency = sorted.length - 1;
  return { personId, frequency, recencyDays: last - first, tDays: asOfDay - first, monetary: frequency > 0 ? repeatSum / frequency : 0 };
}

/** The TypeScript reference the SQL must equal: per-person summaries from events, ordered by person id, and the as-of day. */
export function clvSummaries(events: readonly AnalyticsEvent[], def: Pick<ClvDefinition, 'purchase' | 'value' | 'asOf'>): { asOfDay: number | null; people: ClvSummary[] } {
  const end = asOfEndMs(def.asOf);
  const by = new Map<string, Map<number, number>>();
  let latest: number | null = null;
  for (const e of events) {
    if (eventLabel(e) !== def.purchase || (end !== null && e.timestamp >= end)) continue;
    const day = Math.floor(e.timestamp / DAY_MS);
    const v = numericProperty(e.properties, def.value) ?? 0;
    let days = by.get(e.personId);
    if (!days) by.set(e.personId, (days = new Map()));
    days.set(day, (days.get(day) ?? 0) + v);
    if (latest === null || e.timestamp > latest) latest = e.timestamp;
  }
  const asOfDay = clvAsOfDay(def, latest);
  if (asOfDay === null) return { asOfDay, people: [] };
  return { asOfDay, people: [...by].map(([id, days]) => summarizeDays(id, days, asOfDay)).sort(byPerson) };
}
