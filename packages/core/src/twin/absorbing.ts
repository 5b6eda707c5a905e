import { twinChainWidth, type TwinChain } from './twin-chain.js';

/**
 * Closed-form answers of an absorbing chain. With Q the transient-to-transient block and
 * A = I − Q (invertible when every state can reach an absorbing state):
 *
 * - h = A⁻¹ r, with r the column of one-step conversion probabilities: h_i = P(convert | at i);
 *   the conversion probability is h_start.
 * - t = A⁻¹ 1: expected visits to transient states before absorption; minus 1 for the start
 *   state, t_start − 1 is the expected number of touchpoints in a journey.
 * - Given conversion (the Doob h-transform, P'_ij = P_ij h_j / h_i), with u = h·s' and w = h·T':
 *   A u = h gives the expected touchpoints of a converting journey, and
 *   A w = c with c_i = Σ_j P_ij h_j τ_ij + P_i,conv τ_i,conv (τ the mean transition times)
 *   gives its expected time to convert. Multiplying through by h avoids dividing by h_i = 0.
 */
export interface TwinAnalytics {
  /** P(conversion) from the start state. */
  conversionProbability: number;
  /** Expected touchpoints per journey (start excluded). */
  expectedSteps: number;
  /** Expected touchpoints of a converting journey; null when nothing converts. */
  expectedStepsToConvert: number | null;
  /** Expected milliseconds from the first touchpoint to conversion; null when nothing converts. */
  expectedTimeToConvertMs: number | null;
  /** P(conversion | at state i), per transient state. */
  conversionFrom: Float64Array;
}

/** LU factorisation with partial pivoting of a dense n × n matrix (row-major), in place. */
class Lu {
  private readonly perm: Int32Array;
  constructor(private readonly a: Float64Array, private readonly n: number) {
    this.perm = new Int32Array(n);
    for (let i = 0; i < n; i++) this.perm[i] = i;
    for (let k = 0; k < n; k++) {
      let p = k, best = Math.abs(a[k * n + k]!);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(a[i * n + k]!);
        if (v > best) { best = v; p = i; }
      }
      if (best < 1e-13) throw new RangeError('I − Q is singular: some states can never reach (conversion) or (null)');
      if (p !== k) {
        for (let j = 0; j < n; j++) { const t = a[k * n + j]!; a[k * n + j] = a[p * n + j]!; a[p * n + j] = t; }
        const t = this.perm[k]!; this.perm[k] = this.perm[p]!; this.perm[p] = t;
      }
      const d = a[k * n + k]!;
      for (let i = k + 1; i < n; i++) {
        const f = (a[i * n + k]! /= d);
        if (f === 0) continue;
        for (let j = k + 1; j < n; j++) a[i * n + j]! -= f * a[k * n + j]!;
      }
    }
  }

  solve(b: Float64Array): Float64Array {
    const { a, n } = this;
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = b[this.perm[i]!]!;
      for (let j = 0; j < i; j++) s -= a[i * n + j]! * x[j]!;
      x[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i]!;
      for (let j = i + 1; j < n; j++) s -= a[i * n + j]! * x[j]!;
      x[i] = s / a[i * n + i]!;
    }
    return x;
  }
}

function factor(chain: TwinChain): Lu {
  const n = chain.states.length, w = twinChainWidth(chain);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = -chain.probs[i * w + j]!;
    a[i * n + i]! += 1;
  }
  return new Lu(a, n);
}

const conversionColumn = (chain: TwinChain): Float64Array => {
  const n = chain.states.length, w = n + 2;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = chain.probs[i * w + n]!;
  return r;
};

/** P(conversion) from the start: one solve of (I − Q) h = r. The hot path of the simulation. */
export function twinConversionProbability(chain: TwinChain): number {
  return factor(chain).solve(conversionColumn(chain))[0]!;
}

/** Every closed-form output of the chain (see the type for the formulas). */
export function twinAnalytics(chain: TwinChain): TwinAnalytics {
  const n = chain.states.length, w = n + 2;
  const lu = factor(chain);
  const h = lu.solve(conversionColumn(chain));
  const visits = lu.solve(new Float64Array(n).fill(1));
  const p0 = h[0]!;
  let stepsToConvert: number | null = null, timeToConvert: number | null = null;
  if (p0 > 1e-15) {
    const u = lu.solve(h);
    const c = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = chain.probs[i * w + n]! * chain.edgeMs[i * w + n]!;
      for (let j = 0; j < n; j++) s += chain.probs[i * w + j]! * h[j]! * chain.edgeMs[i * w + j]!;
      c[i] = s;
    }
    const wv = lu.solve(c);
    stepsToConvert = u[0]! / p0 - 1;
    timeToConvert = wv[0]! / p0;
  }
  return { conversionProbability: p0, expectedSteps: visits[0]! - 1, expectedStepsToConvert: stepsToConvert, expectedTimeToConvertMs: timeToConvert, conversionFrom: h };
}
