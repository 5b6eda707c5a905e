import { eventLabel, type AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { DAY_MS, numericProperty } from '../rfm/rfm-reference.js';
import type { ChurnDefinition, ChurnFeatureRow, ChurnLabelledRow } from './churn.schema.js';

/** UTC day number of a time (ms). */
export const dayNumber = (ms: number) => Math.floor(ms / DAY_MS);
/** UTC day number of a YYYY-MM-DD text. */
export const dayOfText = (s: string) => dayNumber(Date.parse(`${s}T00:00:00Z`));
/** YYYY-MM-DD of a UTC day number. */
export const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

const byPerson = (a: { personId: string }, b: { personId: string }) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);

interface Acc {
  row: ChurnFeatureRow;
  first: number;
  lastActive: number | null;
  days: Set<number>;
  stages: Set<string>;
}

/**
 * Per-person features as of `cutoffDay` (events on or before that UTC day), for the people with
 * an active event on or before it: the TypeScript reference the SQL must equal.
 */
export function churnFeatures(events: readonly AnalyticsEvent[], def: Pick<ChurnDefinition, 'activeEvent' | 'purchase' | 'value'>, cutoffDay: number): ChurnFeatureRow[] {
  const by = new Map<string, Acc>();
  for (const e of events) {
    const d = dayNumber(e.timestamp);
    if (d > cutoffDay) continue;
    let a = by.get(e.personId);
    if (!a) {
      a = {
        row: { personId: e.personId, recencyDays: 0, events7d: 0, events30d: 0, events90d: 0, tenureDays: 0, activeDays: 0, purchases: 0, purchaseValue: 0, stages: 0 },
        first: d,
        lastActive: null,
        days: new Set(),
        stages: new Set(),
      };
      by.set(e.personId, a);
    }
    const label = eventLabel(e);
    a.first = Math.min(a.first, d);
    if (def.activeEvent === undefined || label === def.activeEvent) a.lastActive = a.lastActive === null ? d : Math.max(a.lastActive, d);
    const age = cutoffDay - d;
    if (age < 7) a.row.events7d += 1;
    if (age < 30) a.row.events30d += 1;
    if (age < 90) a.row.events90d += 1;
    a.days.add(d);
    if (e.stage) a.stages.add(e.stage);
    if (label === def.purchase) {
      a.row.purchases += 1;
      a.row.purchaseValue += numericProperty(e.properties, def.value) ?? 0;
    }
  }
  const out: ChurnFeatureRow[] = [];
  for (const a of by.values()) {
    if (a.lastActive === null) continue;
    a.row.recencyDays = cutoffDay - a.lastActive;
    a.row.tenureDays = cutoffDay - a.first;
    a.row.activeDays = a.days.size;
    a.row.stages = a.stages.size;
    out.push(a.row);
  }
  return out.sort(byPerson);
}

/** The people who have an active event in the window after the cutoff (days cutoff+1 … cutoff+N). */
export function activeInWindow(events: readonly AnalyticsEvent[], def: Pick<ChurnDefinition, 'activeEvent' | 'windowDays'>, cutoffDay: number): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    const d = dayNumber(e.timestamp);
    if (d <= cutoffDay || d > cutoffDay + def.windowDays) continue;
    if (def.activeEvent === undefined || eventLabel(e) === def.activeEvent) out.add(e.personId);
  }
  return out;
}

/** Features with labels: churned when the person has no active event in the N days after the cutoff. */
export function churnLabelled(events: readonly AnalyticsEvent[], def: Pick<ChurnDefinition, 'activeEvent' | 'purchase' | 'value' | 'windowDays'>, cutoffDay: number): ChurnLabelledRow[] {
  const kept = activeInWindow(events, def, cutoffDay);
  return churnFeatures(events, def, cutoffDay).map((r) => ({ ...r, churned: !kept.has(r.personId) }));
}

/** The day of the latest event, or null without events. */
export function latestEventDay(events: readonly AnalyticsEvent[]): number | null {
  let t: number | null = null;
  for (const e of events) if (t === null || e.timestamp > t) t = e.timestamp;
  return t === null ? null : dayNumber(t);
}
