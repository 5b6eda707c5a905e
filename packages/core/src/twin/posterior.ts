import type { Rng } from '../demo/prng.js';
import type { TwinChain } from './twin-chain.js';
import type { TwinModel, TwinSegmentFit } from './twin-model.js';
import type { TwinMix } from './interventions.js';
import { gamma, normal } from './random.js';

/**
 * One draw of the model's parameters from their posterior, for the confidence intervals.
 *
 * - Each transition row ~ Dirichlet(counts + prior) over the row's observed transitions (a
 *   row with no visits in a segment uses the overall counts, as the point estimate does).
 *   Transitions never observed stay impossible: adding pseudo-exits to every row would bias
 *   long journeys with loops towards (null).
 * - Segment shares ~ Dirichlet(journeys per segment).
 * - Value per conversion ~ Normal(mean, sd / √conversions) (the central limit theorem).
 * Transition times are kept at their means: they only feed the expected time to convert.
 * More data means larger counts and narrower draws, so the intervals shrink as data grows.
 */
export function drawTwinMix(model: TwinModel, rng: Rng): TwinMix {
  const prior = model.options.prior;
  const drawChain = (s: TwinSegmentFit): TwinChain => {
    const base = s.chain, n = base.states.length, w = n + 2;
    const probs = new Float64Array(n * w);
    for (let i = 0; i < n; i++) {
      let total = 0;
      for (let j = 0; j < w; j++) total += s.counts[i * w + j]!;
      const counts = total > 0 ? s.counts : model.overall.counts;
      let sum = 0;
      for (let j = 0; j < w; j++) {
        const c = counts[i * w + j]!;
        if (c === 0) continue;
        const g = gamma(rng, c + prior);
        probs[i * w + j] = g;
        sum += g;
      }
      if (sum > 0) for (let j = 0; j < w; j++) probs[i * w + j]! /= sum;
      else probs[i * w + n + 1] = 1;
    }
    return { states: base.states, probs, edgeMs: base.edgeMs };
  };
  const segs = model.segments;
  const g = segs.map((s) => (segs.length > 1 ? gamma(rng, s.journeys) : 1));
  const gs = g.reduce((a, b) => a + b, 0);
  return {
    segments: segs.map((s, k) => {
      const v = s.value.count > 0 ? s.value : model.overall.value;
      const valueMean = v.count > 0 ? v.mean + (v.sd / Math.sqrt(v.count)) * normal(rng) : 0;
      return { segment: s.segment, share: g[k]! / gs, chain: drawChain(s), valueMean };
    }),
  };
}
