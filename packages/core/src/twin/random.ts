import type { Rng } from '../demo/prng.js';

/** Standard normal variate (Box–Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next(), v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) variate (Marsaglia–Tsang; shape < 1 through the boost U^(1/shape)). */
export function gamma(rng: Rng, shape: number): number {
  if (shape <= 0) return 0;
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do { x = normal(rng); v = 1 + c * x; } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Binomial(n, p): exact inversion when n·min(p, 1 − p) < 30, else the rounded normal approximation. */
export function binomial(rng: Rng, n: number, p: number): number {
  if (p <= 0 || n <= 0) return 0;
  if (p >= 1) return n;
  const q = Math.min(p, 1 - p);
  let k: number;
  if (n * q < 30) {
    // Inversion: walk the pmf from 0. Past the mean the walk also stops once the pmf no longer
    // moves the cdf: rounding can leave the cdf just below a u near 1, and for a huge n the
    // walk would otherwise go on (up to n steps) through a tail that adds nothing.
    const r = q / (1 - q), mean = n * q;
    let pmf = Math.pow(1 - q, n), cdf = pmf;
    const u = rng.next();
    k = 0;
    while (u > cdf && k < n && (k <= mean || pmf > cdf * 1e-17)) { pmf *= (r * (n - k)) / (k + 1); cdf += pmf; k++; }
  } else {
    k = Math.round(n * q + Math.sqrt(n * q * (1 - q)) * normal(rng));
    k = Math.min(n, Math.max(0, k));
  }
  return q === p ? k : n - k;
}

/** Percentile (linear interpolation) of an unsorted sample; the array is sorted in place. */
export function percentile(values: Float64Array, q: number): number {
  values.sort();
  const pos = (values.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return values[lo]! + (values[hi]! - values[lo]!) * (pos - lo);
}
