import { z } from 'zod';
import { chainConversionProbabilities, statesWithLabel } from './absorbing.js';
import { asEncoded, type JourneyInput } from './encode.js';
import { buildAttributionChain } from './markov-chain.js';
import { markovAttributionOptionsSchema } from './options.js';
import { resultTotals, sortRows, type MarkovResult, type MarkovRow } from './result.js';

/**
 * Markov chain attribution (order 1 to 4) by removal effect. The chain is fitted on every
 * journey, converted or not (see `buildAttributionChain`); P(conv) is the probability of being
 * absorbed in conversion from start (`chainConversionProbabilities`). Removing a label sends every
 * transition into a state that contains it to null; its removal effect is
 * 1 − P(conv without the label) / P(conv). Conversions and value are then shared out in
 * proportion to the removal effects: label i gets total × RE_i / Σ RE.
 */
export function markovAttribution(journeys: JourneyInput, options: z.input<typeof markovAttributionOptionsSchema> = {}): MarkovResult {
  const o = markovAttributionOptionsSchema.parse(options);
  const enc = asEncoded(journeys, o.collapseRepeats);
  const chain = buildAttributionChain(enc, o.order);
  const base = chainConversionProbabilities(chain).p[0]!;
  const effects = enc.labels.map((_, label) => {
    if (base === 0) return 0;
    const without = chainConversionProbabilities(chain, statesWithLabel(chain, label)).p[0]!;
    return Math.max(0, 1 - without / base);
  });
  const sum = effects.reduce((a, b) => a + b, 0);
  const rows: MarkovRow[] = enc.labels.map((name, i) => {
    const share = sum > 0 ? effects[i]! / sum : 0;
    return { name, conversions: enc.conversions * share, value: enc.totalValue * share, share, removalEffect: effects[i]! };
  });
  return {
    model: 'markov',
    rows: sortRows(rows),
    ...resultTotals(enc),
    order: o.order,
    states: chain.stateCount - 1,
    conversionProbability: base,
  };
}
