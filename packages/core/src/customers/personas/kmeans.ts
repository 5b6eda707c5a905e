import { Rng } from '../../demo/prng.js';

/** One k-means run's outcome. */
export interface KMeansResult {
  k: number;
  centroids: number[][];
  labels: number[];
  /** Sum of squared distances of points to their centroid. */
  inertia: number;
  iterations: number;
}

const sq = (a: readonly number[], b: readonly number[]) => {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return s;
};

/**
 * Greedy k-means++ seeding (as scikit-learn): the first centre uniformly, each next one the best
 * of 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to the nearest centre.
 */
export function kmeansPlusPlus(x: readonly (readonly number[])[], k: number, rng: Rng): number[][] {
  const n = x.length;
  const trials = 2 + Math.floor(Math.log(k));
  const centres: number[][] = [[...x[Math.floor(rng.next() * n)]!]];
  const closest = x.map((p) => sq(p, centres[0]!));
  let pot = closest.reduce((s, v) => s + v, 0);
  for (let c = 1; c < k; c++) {
    let best = -1, bestPot = Infinity, bestClosest: number[] = closest;
    for (let t = 0; t < trials; t++) {
      let r = rng.next() * pot, i = 0;
      for (; i < n - 1; i++) {
        r -= closest[i]!;
        if (r < 0) break;
      }
      const cand = closest.map((d, q) => Math.min(d, sq(x[q]!, x[i]!)));
      const p = cand.reduce((s, v) => s + v, 0);
      if (p < bestPot) [best, bestPot, bestClosest] = [i, p, cand];
    }
    centres.push([...x[best]!]);
    for (let q = 0; q < n; q++) closest[q] = bestClosest[q]!;
    pot = bestPot;
  }
  return centres;
}

/**
 * Lloyd iterations from given centres until no label changes, or the centres move less than
 * `tol` × (mean per-feature variance) in total squared shift (scikit-learn's rule), or `maxIter`.
 * An emptied cluster takes the point farthest from its centre.
 */
export function lloyd(x: readonly (readonly number[])[], start: number[][], maxIter = 300, tol = 1e-4): KMeansResult {
  const n = x.length, d = x[0]?.length ?? 0, k = start.length;
  const mean = new Array<number>(d).fill(0);
  for (const p of x) for (let j = 0; j < d; j++) mean[j]! += p[j]! / n;
  let variance = 0;
  for (const p of x) for (let j = 0; j < d; j++) variance += (p[j]! - mean[j]!) ** 2 / n;
  const tolAbs = (tol * variance) / Math.max(1, d);
  let centroids = start.map((c) => [...c]);
  const labels = new Array<number>(n).fill(-1);
  const assign = () => {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0, bd = Infinity;
      for (let c = 0; c < k; c++) {
        const dist = sq(x[i]!, centroids[c]!);
        if (dist < bd) [best, bd] = [c, dist];
      }
      if (labels[i] !== best) [labels[i], changed] = [best, changed + 1];
    }
    return changed;
  };
  let iterations = 0;
  assign();
  while (iterations < maxIter) {
    iterations++;
    const sums = Array.from({ length: k }, () => new Array<number>(d).fill(0));
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      counts[labels[i]!]! += 1;
      const s = sums[labels[i]!]!;
      for (let j = 0; j < d; j++) s[j]! += x[i]![j]!;
    }
    const next = sums.map((s, c) => (counts[c] ? s.map((v) => v / counts[c]!) : [...centroids[c]!]));
    for (let c = 0; c < k; c++) {
      if (counts[c]) continue;
      let far = 0, fd = -1;
      for (let i = 0; i < n; i++) {
        const dist = sq(x[i]!, next[labels[i]!]!);
        if (dist > fd) [far, fd] = [i, dist];
      }
      next[c] = [...x[far]!];
    }
    let shift = 0;
    for (let c = 0; c < k; c++) shift += sq(next[c]!, centroids[c]!);
    centroids = next;
    const changed = assign();
    if (changed === 0 || shift <= tolAbs) break;
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sq(x[i]!, centroids[labels[i]!]!);
  return { k, centroids, labels, inertia, iterations };
}

/** k-means with k-means++ seeding and `restarts` runs from one seeded PRNG; the lowest inertia wins. */
export function kmeans(x: readonly (readonly number[])[], k: number, opts: { seed?: number; restarts?: number; maxIter?: number } = {}): KMeansResult {
  if (k < 1 || k > x.length) throw new RangeError(`k must be between 1 and the number of points (${x.length})`);
  const rng = new Rng(opts.seed ?? 0);
  let best: KMeansResult | null = null;
  for (let r = 0; r < (opts.restarts ?? 10); r++) {
    const run = lloyd(x, kmeansPlusPlus(x, k, rng), opts.maxIter ?? 300);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best!;
}
