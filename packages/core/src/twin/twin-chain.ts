import { TWIN_CONVERSION, TWIN_DROP, TWIN_START } from './twin-states.js';

/**
 * An absorbing Markov chain over journey states, stored densely for speed.
 *
 * `states` are the transient states; `states[0]` is always `(start)`. Each row of `probs` has
 * `width = n + 2` columns: the n transient states, then `(conversion)` (column n) and `(null)`
 * (column n + 1), both absorbing. Rows sum to 1. `edgeMs` holds the mean time of each transition
 * (time from entering the row's state to entering the next one); it is only used for the
 * expected time to convert, so transitions to `(null)` carry 0.
 */
export interface TwinChain {
  readonly states: readonly string[];
  readonly probs: Float64Array;
  readonly edgeMs: Float64Array;
}

export const twinChainWidth = (chain: TwinChain): number => chain.states.length + 2;

/** Column index of a target name (transient state, `(conversion)` or `(null)`), or -1. */
export function twinTargetIndex(chain: TwinChain, name: string): number {
  const n = chain.states.length;
  if (name === TWIN_CONVERSION) return n;
  if (name === TWIN_DROP) return n + 1;
  return chain.states.indexOf(name);
}

/** Name of a column index (inverse of `twinTargetIndex`). */
export function twinTargetName(chain: TwinChain, column: number): string {
  const n = chain.states.length;
  if (column === n) return TWIN_CONVERSION;
  if (column === n + 1) return TWIN_DROP;
  const s = chain.states[column];
  if (s === undefined) throw new RangeError(`no column ${column}`);
  return s;
}

/** P(from → to) by names; 0 when either is not in the chain. */
export function twinProbability(chain: TwinChain, from: string, to: string): number {
  const i = chain.states.indexOf(from);
  const j = twinTargetIndex(chain, to);
  if (i < 0 || j < 0) return 0;
  return chain.probs[i * twinChainWidth(chain) + j]!;
}

/** A row as a name → probability record (non-zero entries only), for reports and tests. */
export function twinRow(chain: TwinChain, from: string): Record<string, number> {
  const i = chain.states.indexOf(from);
  if (i < 0) throw new RangeError(`unknown state ${from}`);
  const w = twinChainWidth(chain);
  const row: Record<string, number> = {};
  for (let j = 0; j < w; j++) {
    const p = chain.probs[i * w + j]!;
    if (p > 0) row[twinTargetName(chain, j)] = p;
  }
  return row;
}

/** A deep copy whose arrays can be edited. */
export const cloneTwinChain = (c: TwinChain): TwinChain => ({ states: [...c.states], probs: c.probs.slice(), edgeMs: c.edgeMs.slice() });

/** Largest |row sum − 1| over all rows (0 for a well-formed chain up to rounding). */
export function twinRowError(chain: TwinChain): number {
  const w = twinChainWidth(chain);
  let worst = 0;
  for (let i = 0; i < chain.states.length; i++) {
    let s = 0;
    for (let j = 0; j < w; j++) s += chain.probs[i * w + j]!;
    worst = Math.max(worst, Math.abs(s - 1));
  }
  return worst;
}

/** Throws when the chain is malformed: no start first, negative entries, rows off 1, or a way back into start. */
export function assertTwinChain(chain: TwinChain): void {
  const n = chain.states.length, w = n + 2;
  if (chain.states[0] !== TWIN_START) throw new RangeError(`the first state must be ${TWIN_START}`);
  if (chain.probs.length !== n * w || chain.edgeMs.length !== n * w) throw new RangeError('matrix size does not match the states');
  for (let k = 0; k < chain.probs.length; k++) if (!(chain.probs[k]! >= 0)) throw new RangeError('negative or NaN probability');
  for (let i = 0; i < n; i++) if (chain.probs[i * w]! > 0) throw new RangeError(`${chain.states[i]} leads back to ${TWIN_START}`);
  if (twinRowError(chain) > 1e-9) throw new RangeError('a row does not sum to 1');
  // Every state must be able to reach (conversion) or (null), else I − Q is singular.
  const ends = new Uint8Array(n);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < n; i++) {
      if (ends[i]) continue;
      let reaches = chain.probs[i * w + n]! > 0 || chain.probs[i * w + n + 1]! > 0;
      for (let j = 0; j < n && !reaches; j++) reaches = ends[j] === 1 && chain.probs[i * w + j]! > 0;
      if (reaches) { ends[i] = 1; changed = true; }
    }
  }
  const stuck = chain.states.filter((_, i) => !ends[i]);
  if (stuck.length > 0) throw new RangeError(`${stuck.join(', ')} can never reach ${TWIN_CONVERSION} or ${TWIN_DROP}`);
}
