import type { EncodedJourneys } from './encode.js';

/**
 * A Markov chain of order k fitted on journeys. Every journey walks
 * start → s1 → … → sn → conversion | null, where s_i is the tuple of the last k labels up to
 * touch i (shorter at the beginning: touch 1 of a path is the 1-tuple (A), touch 2 the 2-tuple
 * (A, B), …). Transition probabilities are the observed counts over the state's outgoing total.
 * Every touch is a step, so a repeated label is a step into a state ending with that label
 * again (a self-loop at order 1), unless repeats were collapsed when encoding.
 *
 * State 0 is start; conversion and null are not states, they are the `conversions` and
 * `nulls` counts of the state a journey ended in. Edges are stored by source (CSR).
 */
export interface AttributionChain {
  order: number;
  labels: string[];
  /** States including start. */
  stateCount: number;
  /** Labels of state s: `stateLabels[s * order …]`, −1 padded (start is all −1). */
  stateLabels: Int32Array;
  edgeOffsets: Uint32Array;
  edgeTargets: Uint32Array;
  edgeCounts: Float64Array;
  /** Journeys that converted / ended without converting in each state. */
  conversions: Float64Array;
  nulls: Float64Array;
  /** All transitions out of each state (edges, conversions and nulls). */
  outTotal: Float64Array;
  /** States in DFS post-order from start: targets before sources on acyclic parts, so one Gauss–Seidel sweep solves them. */
  sweepOrder: Uint32Array;
}

/** Fit an order-k chain on encoded journeys (`order` 1 to 4). */
export function buildAttributionChain(enc: EncodedJourneys, order: number): AttributionChain {
  if (!Number.isInteger(order) || order < 1 || order > 4) throw new Error(`Markov order must be 1 to 4, got ${order}`);
  const B = enc.labels.length + 1;
  // (state, label) → index of the transition edge; the next state is that edge's target. A
  // state's key (its label tuple) is only built the first time a (state, label) pair is seen.
  const step = new Map<number, number>();
  const stateIds = new Map<string, number>();
  const stateLabels: number[] = new Array<number>(order).fill(-1);
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const edgeCount: number[] = [];
  const conversions: number[] = [0];
  const nulls: number[] = [0];

  const nextState = (s: number, label: number): number => {
    const tuple = stateLabels.slice(s * order + 1, s * order + order);
    // Shift left: drop the oldest, append `label`; a short tuple (−1 at the front) just grows.
    tuple.push(label);
    const key = tuple.join(',');
    let id = stateIds.get(key);
    if (id === undefined) {
      id = conversions.length;
      stateIds.set(key, id);
      stateLabels.push(...tuple);
      conversions.push(0);
      nulls.push(0);
    }
    return id;
  };

  const { offsets, touches, converted } = enc;
  for (let j = 0; j < enc.count; j++) {
    let s = 0;
    for (let t = offsets[j]!, end = offsets[j + 1]!; t < end; t++) {
      const label = touches[t]!;
      const key = s * B + label + 1;
      let e = step.get(key);
      if (e === undefined) {
        e = edgeTo.length;
        step.set(key, e);
        edgeFrom.push(s);
        edgeTo.push(nextState(s, label));
        edgeCount.push(0);
      }
      edgeCount[e]!++;
      s = edgeTo[e]!;
    }
    if (converted[j] === 1) conversions[s]!++;
    else nulls[s]!++;
  }

  const n = conversions.length;
  const edgeOffsets = new Uint32Array(n + 1);
  for (const f of edgeFrom) edgeOffsets[f + 1]!++;
  for (let s = 0; s < n; s++) edgeOffsets[s + 1]! += edgeOffsets[s]!;
  const fill = edgeOffsets.slice(0, n);
  const edgeTargets = new Uint32Array(edgeTo.length);
  const edgeCounts = new Float64Array(edgeTo.length);
  const outTotal = new Float64Array(n);
  for (let e = 0; e < edgeTo.length; e++) {
    const at = fill[edgeFrom[e]!]!++;
    edgeTargets[at] = edgeTo[e]!;
    edgeCounts[at] = edgeCount[e]!;
    outTotal[edgeFrom[e]!]! += edgeCount[e]!;
  }
  for (let s = 0; s < n; s++) outTotal[s]! += conversions[s]! + nulls[s]!;
  return {
    order,
    labels: enc.labels,
    stateCount: n,
    stateLabels: Int32Array.from(stateLabels),
    edgeOffsets,
    edgeTargets,
    edgeCounts,
    conversions: Float64Array.from(conversions),
    nulls: Float64Array.from(nulls),
    outTotal,
    sweepOrder: postOrder(n, edgeOffsets, edgeTargets),
  };
}

/** Iterative DFS post-order from state 0 (every state is reachable from start). */
function postOrder(n: number, edgeOffsets: Uint32Array, edgeTargets: Uint32Array): Uint32Array {
  const order = new Uint32Array(n);
  const seen = new Uint8Array(n);
  const stack = new Uint32Array(n);
  const next = new Uint32Array(n); // next edge to look at, per state on the stack
  let top = 0;
  let done = 0;
  stack[top++] = 0;
  seen[0] = 1;
  next[0] = edgeOffsets[0]!;
  while (top > 0) {
    const s = stack[top - 1]!;
    if (next[s]! < edgeOffsets[s + 1]!) {
      const t = edgeTargets[next[s]!++]!;
      if (seen[t] === 0) {
        seen[t] = 1;
        next[t] = edgeOffsets[t]!;
        stack[top++] = t;
      }
    } else {
      order[done++] = s;
      top--;
    }
  }
  return order;
}
