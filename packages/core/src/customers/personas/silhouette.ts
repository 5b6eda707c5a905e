import { Rng } from '../../demo/prng.js';

/**
 * Mean silhouette (Rousseeuw 1987) with Euclidean distance, as scikit-learn's silhouette_score:
 * s(i) = (b − a) / max(a, b), a = mean distance to the own cluster's other points, b = the lowest
 * mean distance to another cluster; a point alone in its cluster scores 0. Needs 2 ≤ clusters ≤ n − 1.
 * `distances`: precomputed pairwise distances of `x`; null computes them on the fly (memory O(n·k));
 * absent: precomputed when n ≤ PRECOMPUTE_MAX, else on the fly.
 */
export function silhouetteScore(x: readonly (readonly number[])[], labels: readonly number[], distances?: PairwiseDistances | null): number {
  const n = x.length;
  const k = Math.max(...labels) + 1;
  const size = new Array<number>(k).fill(0);
  for (const l of labels) size[l]! += 1;
  const used = size.filter((s) => s > 0).length;
  if (used < 2 || used > n - 1) throw new RangeError('silhouette needs between 2 and n - 1 clusters');
  const dist = distances === undefined ? (n <= PRECOMPUTE_MAX ? pairwiseDistances(x) : null) : distances;
  // sums[i * k + c]: total distance from point i to the points of cluster c.
  const sums = new Float64Array(n * k);
  if (dist) {
    for (let i = 0, at = 0; i < n; i++) {
      const li = labels[i]!;
      for (let q = i + 1; q < n; q++, at++) {
        const dq = dist.d[at]!;
        sums[i * k + labels[q]!]! += dq;
        sums[q * k + li]! += dq;
      }
    }
  } else {
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      for (let q = 0; q < n; q++) {
        if (q === i) continue;
        sums[i * k + labels[q]!]! += euclid(xi, x[q]!);
      }
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = labels[i]!;
    if (size[own]! <= 1) continue;
    const a = sums[i * k + own]! / (size[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) b = Math.min(b, sums[i * k + c]! / size[c]!);
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / n;
}

/** Up to this many points the pairwise distances are computed once and kept (n(n − 1)/2 doubles). */
export const PRECOMPUTE_MAX = 5000;

const euclid = (a: readonly number[], b: readonly number[]) => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return Math.sqrt(s);
};

/** Condensed pairwise Euclidean distances (i < q, row by row), reusable across labelings of the same points. */
export interface PairwiseDistances {
  n: number;
  d: Float64Array;
}

export function pairwiseDistances(x: readonly (readonly number[])[]): PairwiseDistances {
  const n = x.length;
  const d = new Float64Array((n * (n - 1)) / 2);
  for (let i = 0, at = 0; i < n; i++) for (let q = i + 1; q < n; q++) d[at++] = euclid(x[i]!, x[q]!);
  return { n, d };
}

/** Indices of a seeded sample of m of n points without replacement (partial Fisher–Yates), sorted. */
export function sampleIndices(n: number, m: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  if (m >= n) return idx;
  const rng = new Rng(seed);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng.next() * (n - i));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, m).sort((a, b) => a - b);
}
