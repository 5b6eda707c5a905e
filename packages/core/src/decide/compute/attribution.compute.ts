import { attribute } from '../../attribution/attribute.js';
import { compareModels, type ModelComparison } from '../../attribution/compare.js';
import type { Journey } from '../../attribution/journey.js';
import { SHAPLEY_EXACT_HARD_LIMIT, type AttributionModelName } from '../../attribution/options.js';
import type { AttributionResult, MarkovResult, ShapleyResult } from '../../attribution/result.js';
import { err, ok, type Result } from '../../result.js';
import type { DecideIssue } from './issue.js';

/** The model knobs of an attribution request (the journeys come from the store). */
export interface AttributionComputeOptions {
  model: AttributionModelName | 'all';
  order: number;
  halfLife: number;
  first: number;
  last: number;
  shapleyMethod: 'auto' | 'exact' | 'monte-carlo';
  samples: number;
  seed: number;
  collapseRepeats: boolean;
}

export type AttributionComputed = AttributionResult | MarkovResult | ShapleyResult | (ModelComparison & { model: 'all' });

/** Run the model(s) of a request on extracted journeys: the CPU half of attribution. */
export function computeAttribution(journeys: readonly Journey[], o: AttributionComputeOptions): Result<AttributionComputed, DecideIssue> {
  if (o.shapleyMethod === 'exact' && (o.model === 'shapley' || o.model === 'all')) {
    const labels = new Set<string>();
    for (const j of journeys) for (const t of j.touches) labels.add(t.label);
    if (labels.size > SHAPLEY_EXACT_HARD_LIMIT)
      return err({ code: 'invalid_definition', field: 'shapleyMethod', message: `exact Shapley values need 2^${labels.size} coalitions for ${labels.size} labels; use "monte-carlo" or "auto" beyond ${SHAPLEY_EXACT_HARD_LIMIT} labels` });
  }
  const { model, order, halfLife, first, last, shapleyMethod, samples, seed, collapseRepeats } = o;
  if (model === 'all') {
    const cmp = compareModels(journeys, { collapseRepeats, halfLife, position: { first, last }, markovOrder: order, shapley: { method: shapleyMethod, samples, seed } });
    return ok({ model: 'all', ...cmp });
  }
  const spec =
    model === 'markov'
      ? { model, order, collapseRepeats }
      : model === 'time-decay'
        ? { model, halfLife, collapseRepeats }
        : model === 'position'
          ? { model, first, last, collapseRepeats }
          : model === 'shapley'
            ? { model, method: shapleyMethod, samples, seed, collapseRepeats }
            : { model, collapseRepeats };
  return ok(attribute(journeys, spec));
}
