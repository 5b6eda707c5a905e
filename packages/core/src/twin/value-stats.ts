import type { TwinValueStats } from './twin-model.js';

const quantile = (sorted: Float64Array, q: number): number => {
  const pos = (sorted.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
};

/** Summary and distribution of conversion values (the array is sorted in place). */
export function twinValueStats(values: Float64Array): TwinValueStats {
  const n = values.length;
  if (n === 0) return { count: 0, mean: 0, sd: 0, min: 0, max: 0, quantiles: null };
  values.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return {
    count: n,
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    min: values[0]!,
    max: values[n - 1]!,
    quantiles: { p10: quantile(values, 0.1), p25: quantile(values, 0.25), p50: quantile(values, 0.5), p75: quantile(values, 0.75), p90: quantile(values, 0.9) },
  };
}
