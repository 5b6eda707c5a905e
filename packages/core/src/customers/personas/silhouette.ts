import { Rng } from '../../demo/prng.js';

/**
 * Mean silhouette (Rousseeuw 1987) with Euclidean distance, as scikit-learn's silhouette_score:
 * s(i) = (b − a) / max(a, b), a = mean distance to the own cluster's other points, b = the lowest
 * mean distance to another cluster; a point alone in its cluster scores 0. Needs 2 ≤ clusters ≤ n − 1.
 */
export function silhouetteScore(x: readonly (readonly number[])[], labels: readonly number[]): number {
  const n = x.length;
  const k = Math.max(...labels) + 1;
  const size = new Array<number>(k).fill(0);
  for (const l of labels) size[l]! += 1;
  const used = size.filter((s) => s > 0).length;
  if (used < 2 || used > n - 1) throw new RangeError('silhouette needs between 2 and n - 1 clusters');
  let total = 0;
  const sums = new Array<number>(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    const xi = x[i]!;
    for (let q = 0; q < n; q++) {
      if (q === i) continue;
      const xq = x[q]!;
      let s = 0;
      for (let j = 0; j < xi.length; j++) s += (xi[j]! - xq[j]!) ** 2;
      sums[labels[q]!]! += Math.sqrt(s);
    }
    const own = labels[i]!;
    if (size[own]! <= 1) continue;
    const a = sums[own]! / (size[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) b = Math.min(b, sums[c]! / size[c]!);
    const m = Math.max(a, b);
    total += m > 0 ? (b - a) / m : 0;
  }
  return total / n;
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
