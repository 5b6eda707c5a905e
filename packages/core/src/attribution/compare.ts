import { asEncoded, type JourneyInput } from './encode.js';
import { markovAttribution } from './markov.js';
import { compareModelsOptionsSchema, type CompareModelsOptionsInput } from './options.js';
import type { AttributionResult, MarkovResult, ShapleyResult } from './result.js';
import { firstTouchAttribution, lastTouchAttribution, linearAttribution, positionAttribution } from './rule-based.js';
import { shapleyAttribution } from './shapley.js';
import { timeDecayAttribution } from './time-decay.js';

/** Attributed conversions and value of one label under every model, side by side. */
export interface ComparisonRow {
  name: string;
  conversions: Record<ComparedModel, number>;
  value: Record<ComparedModel, number>;
  removalEffect: number;
}

export type ComparedModel = 'first' | 'last' | 'linear' | 'timeDecay' | 'position' | 'markov' | 'shapley';

export interface ModelComparison {
  models: {
    first: AttributionResult;
    last: AttributionResult;
    linear: AttributionResult;
    timeDecay: AttributionResult;
    position: AttributionResult;
    markov: MarkovResult;
    shapley: ShapleyResult;
  };
  /** One row per label, ordered as the Markov rows (by attributed conversions, then name). */
  rows: ComparisonRow[];
}

/** Every model on the same journeys (encoded once), and a table of labels × models. */
export function compareModels(journeys: JourneyInput, options: CompareModelsOptionsInput = {}): ModelComparison {
  const o = compareModelsOptionsSchema.parse(options);
  const enc = asEncoded(journeys, o.collapseRepeats);
  const c = { collapseRepeats: o.collapseRepeats };
  const models = {
    first: firstTouchAttribution(enc, c),
    last: lastTouchAttribution(enc, c),
    linear: linearAttribution(enc, c),
    timeDecay: timeDecayAttribution(enc, { ...c, halfLife: o.halfLife }),
    position: positionAttribution(enc, { ...c, ...o.position }),
    markov: markovAttribution(enc, { ...c, order: o.markovOrder }),
    shapley: shapleyAttribution(enc, { ...c, ...o.shapley }),
  };
  const names = Object.keys(models) as ComparedModel[];
  const byName = new Map<string, ComparisonRow>();
  for (const r of models.markov.rows) {
    byName.set(r.name, { name: r.name, conversions: {} as Record<ComparedModel, number>, value: {} as Record<ComparedModel, number>, removalEffect: r.removalEffect });
  }
  for (const m of names) {
    for (const r of models[m].rows) {
      const row = byName.get(r.name)!;
      row.conversions[m] = r.conversions;
      row.value[m] = r.value;
    }
  }
  return { models, rows: [...byName.values()] };
}
