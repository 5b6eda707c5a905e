import type { AttributionChain } from './markov-chain.js';

/** Sweeps stop when no probability changed by more than this. */
export const ABSORPTION_TOLERANCE = 1e-14;
const MAX_SWEEPS = 1_000_000;

/**
 * P(reaching conversion) from every state of an absorbing chain, with the states flagged in
 * `removed` sending every transition into them to null (their probability is fixed at 0).
 *
 * Solved iteratively (Gauss–Seidel) rather than by elimination: p(s) = P(s→conv) +
 * Σ_t P(s→t) p(t), starting from 0, which rises monotonically to the solution. A self-loop is
 * solved exactly in place (p(s) = (P(s→conv) + Σ_{t≠s} P(s→t) p(t)) / (1 − P(s→s))), and states
 * are swept in DFS post-order from start, so an acyclic chain is exact after one sweep and only
 * cycles between different states (A → B → A) need more. Higher-order chains have tens of
 * thousands of states, where a dense solve would not fit.
 */
export function chainConversionProbabilities(chain: AttributionChain, removed: Uint8Array | null = null): { p: Float64Array; sweeps: number } {
  const { edgeOffsets, edgeTargets, edgeCounts, conversions, outTotal, sweepOrder } = chain;
  const p = new Float64Array(chain.stateCount);
  for (let sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
    let change = 0;
    for (let i = 0; i < sweepOrder.length; i++) {
      const s = sweepOrder[i]!;
      if (removed !== null && removed[s] === 1) continue;
      let num = conversions[s]!;
      let self = 0;
      for (let e = edgeOffsets[s]!, end = edgeOffsets[s + 1]!; e < end; e++) {
        const t = edgeTargets[e]!;
        if (t === s) self += edgeCounts[e]!;
        else num += edgeCounts[e]! * p[t]!;
      }
      const v = num / (outTotal[s]! - self);
      const d = v - p[s]!;
      if (d > change) change = d;
      else if (-d > change) change = -d;
      p[s] = v;
    }
    if (change <= ABSORPTION_TOLERANCE) return { p, sweeps: sweep };
  }
  throw new Error(`the absorbing chain did not converge in ${MAX_SWEEPS} sweeps`);
}

/** States whose label tuple contains `label` (start never does). */
export function statesWithLabel(chain: AttributionChain, label: number): Uint8Array {
  const flags = new Uint8Array(chain.stateCount);
  const k = chain.order;
  for (let s = 1; s < chain.stateCount; s++) {
    for (let i = 0; i < k; i++) {
      if (chain.stateLabels[s * k + i] === label) {
        flags[s] = 1;
        break;
      }
    }
  }
  return flags;
}
