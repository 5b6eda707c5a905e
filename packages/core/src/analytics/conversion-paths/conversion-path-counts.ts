import type { Journey } from '../../attribution/journey.js';

/**
 * Journeys with the same touch label sequence, counted: what Markov, Shapley and the heuristic
 * models need (all but time-decay). `conversions` converting journeys had exactly these
 * labels, `nulls` non-converting ones; `value` is the converting journeys' total value.
 * A direct conversion has `labels: []`.
 */
export interface ConversionPathCount {
  labels: string[];
  conversions: number;
  nulls: number;
  value: number;
}

/** A converting journey as time-decay needs it: its labels and each touch's time before the conversion. */
export interface JourneyTouchTimes {
  labels: string[];
  /** Milliseconds from each touch to the conversion (≥ 0), same order as `labels`. */
  msBefore: number[];
  value: number;
}

/** Code-unit comparison of label lists (element by element, then shorter first): one order for TS and SQL results. */
export function compareLabels(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

/** Path counts in a stable order: most journeys first, ties by labels (`compareLabels`). */
export const sortPathCounts = (rows: ConversionPathCount[]): ConversionPathCount[] =>
  rows.sort((x, y) => y.conversions + y.nulls - (x.conversions + x.nulls) || compareLabels(x.labels, y.labels));

/** Group journeys by their label sequence (the reference of the SQL aggregate). */
export function conversionPathCounts(journeys: readonly Journey[]): ConversionPathCount[] {
  const byKey = new Map<string, ConversionPathCount>();
  for (const j of journeys) {
    const labels = j.touches.map((t) => t.label);
    const key = JSON.stringify(labels);
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = { labels, conversions: 0, nulls: 0, value: 0 }));
    if (j.converted) {
      row.conversions++;
      row.value += j.value;
    } else row.nulls++;
  }
  return sortPathCounts([...byKey.values()]);
}

/** Converting journeys as labels and times before the conversion, in journey order (time-decay input). */
export const journeyTouchTimes = (journeys: readonly Journey[]): JourneyTouchTimes[] =>
  journeys
    .filter((j) => j.converted && j.conversionAt !== null)
    .map((j) => ({ labels: j.touches.map((t) => t.label), msBefore: j.touches.map((t) => j.conversionAt! - t.timestamp), value: j.value }));
