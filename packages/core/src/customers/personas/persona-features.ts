import { eventLabel, type AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { propertyText } from '../../analytics/shared/property-filter.js';
import { asOfEndMs, DAY_MS, numericProperty } from '../rfm/rfm-reference.js';
import type { PersonaDefinition, PersonaFeature, PersonaRaw } from './persona.schema.js';

const byId = (a: { personId: string }, b: { personId: string }) => (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);

/**
 * Per-person raw behaviour up to the end of the as-of day: event count, latest event time, the
 * purchase value sum, events per mix value (channel/stage/touchpoint), events per category
 * property value, and the sentiment property's sum and count. The TypeScript reference the SQL
 * must equal; ordered by person id.
 */
export function personaRaw(events: readonly AnalyticsEvent[], def: PersonaDefinition): PersonaRaw[] {
  const end = asOfEndMs(def.asOf);
  const by = new Map<string, PersonaRaw>();
  for (const e of events) {
    if (end !== null && e.timestamp >= end) continue;
    let p = by.get(e.personId);
    if (!p) by.set(e.personId, (p = { personId: e.personId, events: 0, lastMs: e.timestamp, value: 0, mix: Object.create(null) as Record<string, number>, categories: Object.create(null) as Record<string, number>, sentimentSum: 0, sentimentCount: 0 }));
    p.events += 1;
    if (e.timestamp > p.lastMs) p.lastMs = e.timestamp;
    const label = eventLabel(e);
    if (label === def.purchase) p.value += numericProperty(e.properties, def.value) ?? 0;
    const m = e[def.mix];
    p.mix[m] = (p.mix[m] ?? 0) + 1;
    const c = propertyText(e.properties[def.category]);
    if (c !== null) p.categories[c] = (p.categories[c] ?? 0) + 1;
    if (label === def.sentimentEvent) {
      const s = numericProperty(e.properties, def.sentimentProperty);
      if (s !== null) {
        p.sentimentSum += s;
        p.sentimentCount += 1;
      }
    }
  }
  return [...by.values()].sort(byId);
}

/** The feature matrix: one row per person (raw order), one column per feature, original units. */
export interface PersonaMatrix {
  asOfDay: number | null;
  personIds: string[];
  features: PersonaFeature[];
  rows: number[][];
  /** People without a sentiment value, given the mean of those with one. */
  sentimentImputed: number;
}

const dayOf = (ms: number) => Math.floor(ms / DAY_MS);

/**
 * Features from raw behaviour: frequency (events), recency (whole days from the last event's day
 * to the as-of day), value (purchase value sum), one share per mix value (events with it / events),
 * one share per category value (of the events carrying a category; 0 when none), and sentiment
 * (mean of the property; people without one get the mean over people with one). Mix and category
 * columns are sorted by value; sentiment is left out when nobody has one.
 */
export function personaMatrix(raw: readonly PersonaRaw[], def: PersonaDefinition): PersonaMatrix {
  let latest: number | null = null;
  for (const x of raw) if (latest === null || x.lastMs > latest) latest = x.lastMs;
  const asOfDay = def.asOf !== undefined ? dayOf(Date.parse(`${def.asOf}T00:00:00Z`)) : latest === null ? null : dayOf(latest);
  const mixKeys = [...new Set(raw.flatMap((x) => Object.keys(x.mix)))].sort();
  const catKeys = [...new Set(raw.flatMap((x) => Object.keys(x.categories)))].sort();
  const rated = raw.filter((x) => x.sentimentCount > 0);
  const meanSentiment = rated.length ? rated.reduce((s, x) => s + x.sentimentSum / x.sentimentCount, 0) / rated.length : null;
  const features: PersonaFeature[] = [
    { name: 'frequency', kind: 'frequency' },
    { name: 'recency_days', kind: 'recency' },
    { name: 'value', kind: 'value' },
    ...mixKeys.map((k): PersonaFeature => ({ name: `${def.mix}:${k}`, kind: 'mix', of: k })),
    ...catKeys.map((k): PersonaFeature => ({ name: `category:${k}`, kind: 'category', of: k })),
    ...(meanSentiment === null ? [] : [{ name: 'sentiment', kind: 'sentiment' } as PersonaFeature]),
  ];
  const rows = raw.map((x) => {
    const catTotal = Object.values(x.categories).reduce((s, n) => s + n, 0);
    const row = [x.events, (asOfDay ?? 0) - dayOf(x.lastMs), x.value];
    for (const k of mixKeys) row.push((x.mix[k] ?? 0) / x.events);
    for (const k of catKeys) row.push(catTotal ? (x.categories[k] ?? 0) / catTotal : 0);
    if (meanSentiment !== null) row.push(x.sentimentCount ? x.sentimentSum / x.sentimentCount : meanSentiment);
    return row;
  });
  return { asOfDay, personIds: raw.map((x) => x.personId), features, rows, sentimentImputed: meanSentiment === null ? 0 : raw.length - rated.length };
}

/** Column-wise z-scores (population standard deviation, as scikit-learn's StandardScaler); constant columns dropped. */
export function standardiseFeatures(rows: readonly (readonly number[])[], names: readonly string[]): { z: number[][]; kept: number[]; dropped: string[]; mean: number[]; sd: number[] } {
  const n = rows.length;
  const d = names.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += r[j]! / n;
  for (const r of rows) for (let j = 0; j < d; j++) sd[j]! += (r[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]!);
  const kept: number[] = [];
  const dropped: string[] = [];
  for (let j = 0; j < d; j++) {
    if (sd[j]! > 1e-12 * Math.max(1, Math.abs(mean[j]!))) kept.push(j);
    else dropped.push(names[j]!);
  }
  const z = rows.map((r) => kept.map((j) => (r[j]! - mean[j]!) / sd[j]!));
  return { z, kept, dropped, mean, sd };
}
