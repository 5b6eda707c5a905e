import type { ChurnCalibrationBin } from './churn.schema.js';

/**
 * Area under the ROC curve by the Mann-Whitney statistic: the share of (positive, negative) pairs
 * in which the positive has the higher score, ties counted half. NaN without both classes.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let pos = 0;
  let neg = 0;
  let rankSum = 0; // sum of the positives' mid-ranks (1-based)
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const mid = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[idx[k]!]) rankSum += mid;
    i = j + 1;
  }
  for (const l of labels) l ? pos++ : neg++;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean squared difference between the predicted probability and the 0/1 outcome. */
export function brierScore(probabilities: readonly number[], labels: readonly boolean[]): number {
  if (probabilities.length === 0) return Number.NaN;
  let s = 0;
  probabilities.forEach((p, i) => (s += (p - (labels[i] ? 1 : 0)) ** 2));
  return s / probabilities.length;
}

/** Predicted vs observed churn in `bins` equal-width probability bins (empty bins left out). */
export function calibrationBins(probabilities: readonly number[], labels: readonly boolean[], bins = 10): ChurnCalibrationBin[] {
  const acc = Array.from({ length: bins }, () => ({ n: 0, p: 0, y: 0 }));
  probabilities.forEach((p, i) => {
    const b = acc[Math.min(bins - 1, Math.floor(p * bins))]!;
    b.n += 1;
    b.p += p;
    b.y += labels[i] ? 1 : 0;
  });
  return acc.flatMap((b, i) => (b.n === 0 ? [] : [{ from: i / bins, to: (i + 1) / bins, people: b.n, meanPredicted: b.p / b.n, observedRate: b.y / b.n }]));
}

/** Column means and population standard deviations (ddof 0, as scikit-learn's StandardScaler); a constant column gets scale 1. */
export function standardiser(rows: readonly (readonly number[])[]): { mean: number[]; scale: number[] } {
  const p = rows[0]?.length ?? 0;
  const mean = new Array<number>(p).fill(0);
  const scale = new Array<number>(p).fill(0);
  for (const r of rows) r.forEach((v, j) => (mean[j]! += v / rows.length));
  for (const r of rows) r.forEach((v, j) => (scale[j]! += (v - mean[j]!) ** 2 / rows.length));
  return { mean, scale: scale.map((v) => (v > 0 ? Math.sqrt(v) : 1)) };
}

/** Apply a standardiser to a row. */
export const standardise = (s: { mean: readonly number[]; scale: readonly number[] }, row: readonly number[]) => row.map((v, j) => (v - s.mean[j]!) / s.scale[j]!);
