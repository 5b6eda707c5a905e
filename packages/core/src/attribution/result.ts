import type { AttributionModelName } from './options.js';
import type { EncodedJourneys } from './encode.js';

/** Attributed conversions and value of one label (event, touchpoint or channel). */
export interface AttributionRow {
  name: string;
  /** Conversions credited to the label (fractional). */
  conversions: number;
  /** Conversion value credited to the label. */
  value: number;
  /** `conversions` / all attributed conversions (0 to 1; 0 when nothing converted). */
  share: number;
}

/** A Markov row also carries the label's removal effect (0 to 1). */
export interface MarkovRow extends AttributionRow {
  removalEffect: number;
}

/** A Shapley row also carries the standard error of its estimates (0 when computed exactly). */
export interface ShapleyRow extends AttributionRow {
  conversionsError: number;
  valueError: number;
}

export interface AttributionResult<R extends AttributionRow = AttributionRow> {
  model: AttributionModelName;
  /** One row per label seen in any journey (also labels that got no credit), by conversions, then name. */
  rows: R[];
  /** Journeys with at least one touch (the ones modelled). */
  journeys: number;
  /** Converted journeys with a touch and their value: the totals the rows add up to. */
  conversions: number;
  value: number;
  /** Journeys without touches: their conversions and value are not attributed to any label. */
  unattributed: { journeys: number; conversions: number; value: number };
}

export interface MarkovResult extends AttributionResult<MarkovRow> {
  model: 'markov';
  order: number;
  /** Transient states of the chain (without start, conversion and null). */
  states: number;
  /** P(reaching conversion from start) in the fitted chain. */
  conversionProbability: number;
}

export interface ShapleyResult extends AttributionResult<ShapleyRow> {
  model: 'shapley';
  method: 'exact' | 'monte-carlo';
  /** Players: distinct labels. */
  players: number;
  /** Random player orders drawn (Monte Carlo), or null (exact). */
  samples: number | null;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rows from per-label-id credit arrays: share of the credited total, sorted by conversions then name. */
export function creditRows(enc: EncodedJourneys, conversions: ArrayLike<number>, value: ArrayLike<number>): AttributionRow[] {
  let total = 0;
  for (let i = 0; i < enc.labels.length; i++) total += conversions[i]!;
  const rows = enc.labels.map((name, i) => ({ name, conversions: conversions[i]!, value: value[i]!, share: total > 0 ? conversions[i]! / total : 0 }));
  return sortRows(rows);
}

export function sortRows<R extends AttributionRow>(rows: R[]): R[] {
  return rows.sort((a, b) => b.conversions - a.conversions || byText(a.name, b.name));
}

/** The fields every result shares. */
export function resultTotals(enc: EncodedJourneys): Pick<AttributionResult, 'journeys' | 'conversions' | 'value' | 'unattributed'> {
  return { journeys: enc.count, conversions: enc.conversions, value: enc.totalValue, unattributed: { ...enc.unattributed } };
}
