import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrationHoldoutBins, fitBgNbd, type RfT } from '../src/index.js';

// A seeded simulation from BG/NBD itself: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases at Poisson(λ)
// times, after each repeat purchase the customer drops out with probability p. Fit on the
// calibration period, compare predicted and actual holdout purchases per calibration-frequency bin.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) + 0.5) / 2 ** 32;
}
function normal(u: () => number) {
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}
function gamma(u: () => number, shape: number): number {
  if (shape < 1) return gamma(u, shape + 1) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(u), v = Math.pow(1 + c * x, 3);
    if (v > 0 && Math.log(u()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

test('calibration/holdout: on BG/NBD-simulated customers, predicted and actual holdout purchases agree per frequency bin', (t) => {
  const u = rng(12);
  const truth = { r: 0.8, alpha: 20, a: 0.7, b: 3 };
  const calEnd = 365, holdout = 180;
  const cal: RfT[] = [], actual: number[] = [];
  for (let i = 0; i < 8000; i++) {
    const lambda = gamma(u, truth.r) / truth.alpha;
    const ga = gamma(u, truth.a), gb = gamma(u, truth.b);
    const p = ga / (ga + gb);
    const birth = u() * (calEnd - 30);
    let t = birth, x = 0, tx = 0, later = 0;
    for (;;) {
      t += -Math.log(u()) / lambda;
      if (t > calEnd + holdout) break;
      if (t <= calEnd) { x++; tx = t - birth; } else later++;
      if (u() < p) break;
    }
    cal.push({ frequency: x, recency: tx, T: calEnd - birth });
    actual.push(later);
  }
  const fit = fitBgNbd(cal);
  const bins = calibrationHoldoutBins(fit, cal, actual, holdout);
  t.diagnostic(bins.map((b) => `${b.frequency}: n ${b.customers}, predicted ${b.predicted.toFixed(3)}, actual ${b.actual.toFixed(3)}`).join('; '));
  assert.deepEqual(bins.map((b) => b.frequency), ['0', '1', '2', '3', '4', '5', '6+']);
  assert.equal(bins.reduce((s, b) => s + b.customers, 0), 8000);
  for (const b of bins) {
    // Tolerance: 3 standard errors of the bin's mean actual (Poisson-like spread) plus 10% of the prediction for the fit's own error.
    const tol = 3 * Math.sqrt(Math.max(b.predicted, 0.05) / b.customers) * 2 + 0.1 * b.predicted;
    assert.ok(Math.abs(b.predicted - b.actual) <= tol, `bin ${b.frequency} (${b.customers}): predicted ${b.predicted.toFixed(3)}, actual ${b.actual.toFixed(3)}, tolerance ${tol.toFixed(3)}`);
  }
  // Not vacuous: a model that ignores the calibration history (everyone the overall mean) misses the high bins.
  const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
  const top = bins.at(-1)!;
  assert.ok(Math.abs(top.actual - mean) > 0.5, `the 6+ bin (${top.actual}) differs from the mean (${mean})`);
});
