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


/** Points as one row-major array (n × d), the layout the loops below read. */
interface Flat {
  n: number;
  d: number;
  v: Float64Array;
}

const flat = (x: readonly (readonly number[])[]): Flat => {
  const n = x.length, d = x[0]?.length ?? 0;
  const v = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) v[i * d + j] = x[i]![j]!;
  return { n, d, v };
};

/** Squared distance between row i of a and row c of b (both with d columns). */
const sqAt = (a: Float64Array, i: number, b: Float64Array, c: number, d: number) => {
  let s = 0;
  const ai = i * d, bc = c * d;
  for (let j = 0; j < d; j++) {
    const t = a[ai + j]! - b[bc + j]!;
    s += t * t;
  }
  return s;
};

/**
 * Greedy k-means++ seeding (as scikit-learn): the first centre uniformly, each next one the best
 * of 2 + ⌊ln k⌋ candidates drawn with probability ∝ squared distance to the nearest centre.
 */
export function kmeansPlusPlus(x: readonly (readonly number[])[], k: number, rng: Rng): number[][] {
  const f = flat(x);
  return rowsOf(seedFlat(f, k, rng), k, f.d);
}

const rowsOf = (v: Float64Array, k: number, d: number) => Array.from({ length: k }, (_, c) => Array.from(v.subarray(c * d, c * d + d)));

function seedFlat(x: Flat, k: number, rng: Rng): Float64Array {
  const { n, d, v } = x;
  const trials = 2 + Math.floor(Math.log(k));
  const centres = new Float64Array(k * d);
  const first = Math.floor(rng.next() * n);
  centres.set(v.subarray(first * d, first * d + d), 0);
  let closest = new Float64Array(n);
  let pot = 0;
  for (let q = 0; q < n; q++) pot += closest[q] = sqAt(v, q, centres, 0, d);
  let cand = new Float64Array(n);
  let bestClosest = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let best = -1, bestPot = Infinity;
    for (let t = 0; t < trials; t++) {
      let r = rng.next() * pot, i = 0;
      for (; i < n - 1; i++) {
        r -= closest[i]!;
        if (r < 0) break;
      }
      let p = 0;
      for (let q = 0; q < n; q++) p += cand[q] = Math.min(closest[q]!, sqAt(v, q, v, i, d));
      if (p < bestPot) {
        [best, bestPot] = [i, p];
        [bestClosest, cand] = [cand, bestClosest];
      }
    }
    centres.set(v.subarray(best * d, best * d + d), c * d);
    [closest, bestClosest] = [bestClosest, closest];
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
  const f = flat(x);
  const s = new Float64Array(start.length * f.d);
  start.forEach((c, i) => s.set(c, i * f.d));
  return lloydFlat(f, s, start.length, maxIter, tol);
}

function lloydFlat(x: Flat, start: Float64Array, k: number, maxIter: number, tol: number): KMeansResult {
  const { n, d, v } = x;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += v[i * d + j]! / n;
  let variance = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) variance += (v[i * d + j]! - mean[j]!) ** 2 / n;
  const tolAbs = (tol * variance) / Math.max(1, d);
  let centroids = start.slice();
  const labels = new Array<number>(n).fill(-1);
  const assign = () => {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = 0, bd = Infinity;
      for (let c = 0; c < k; c++) {
        const dist = sqAt(v, i, centroids, c, d);
        if (dist < bd) {
          best = c;
          bd = dist;
        }
      }
      if (labels[i] !== best) {
        labels[i] = best;
        changed++;
      }
    }
    return changed;
  };
  let iterations = 0;
  assign();
  while (iterations < maxIter) {
    iterations++;
    const next = new Float64Array(k * d);
    const counts = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const l = labels[i]!;
      counts[l]! += 1;
      for (let j = 0; j < d; j++) next[l * d + j]! += v[i * d + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c]) for (let j = 0; j < d; j++) next[c * d + j]! /= counts[c]!;
      else next.set(centroids.subarray(c * d, c * d + d), c * d);
    }
    for (let c = 0; c < k; c++) {
      if (counts[c]) continue;
      let far = 0, fd = -1;
      for (let i = 0; i < n; i++) {
        const dist = sqAt(v, i, next, labels[i]!, d);
        if (dist > fd) {
          far = i;
          fd = dist;
        }
      }
      next.set(v.subarray(far * d, far * d + d), c * d);
    }
    let shift = 0;
    for (let c = 0; c < k; c++) shift += sqAt(next, c, centroids, c, d);
    centroids = next;
    const changed = assign();
    if (changed === 0 || shift <= tolAbs) break;
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sqAt(v, i, centroids, labels[i]!, d);
  return { k, centroids: rowsOf(centroids, k, d), labels, inertia, iterations };
}

/** k-means with k-means++ seeding and `restarts` runs from one seeded PRNG; the lowest inertia wins. */
export function kmeans(x: readonly (readonly number[])[], k: number, opts: { seed?: number; restarts?: number; maxIter?: number } = {}): KMeansResult {
  if (k < 1 || k > x.length) throw new RangeError(`k must be between 1 and the number of points (${x.length})`);
  const rng = new Rng(opts.seed ?? 0);
  const f = flat(x);
  let best: KMeansResult | null = null;
  for (let r = 0; r < (opts.restarts ?? 10); r++) {
    const run = lloydFlat(f, seedFlat(f, k, rng), k, opts.maxIter ?? 300, 1e-4);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best!;
}
