import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoDataDir } from './support/demo-dir.js';

const { run } = demoDataDir('clv', { events: 30000, seed: 3 });

test('trailmap clv --json prints the fitted BG/NBD and Gamma-Gamma parameters, counts and top customers', () => {
  const r = run(['clv', '--purchase', 'Order Completed', '--value', 'revenue', '--horizon', '90d', '--json']);
  assert.equal(r.code, 0, r.err);
  const body = JSON.parse(r.out);
  for (const k of ['r', 'alpha', 'a', 'b', 'logLikelihood']) assert.ok(Number.isFinite(body.bgnbd[k]), `bgnbd.${k}`);
  for (const k of ['p', 'q', 'v']) assert.ok(body.gammaGamma[k] > 0, `gammaGamma.${k}`);
  assert.ok(body.customers > 20 && body.repeaters > 5 && body.repeaters <= body.customers, `${body.customers} / ${body.repeaters}`);
  // The demo's customers barely drop out, so a and b run off to very large values (BG/NBD tends to
  // the NBD) and Nelder-Mead may stop at its cap: the answer must say so, not hide it.
  assert.ok(body.bgnbd.logLikelihood < 0 && typeof body.bgnbd.converged === 'boolean' && body.bgnbd.iterations > 0);
  assert.ok(body.gammaGamma.converged);
  assert.equal(body.horizon, 90);
  assert.equal(body.people.length, 10);
  for (let i = 1; i < body.people.length; i++) assert.ok(body.people[i - 1].clv >= body.people[i].clv, 'sorted by CLV');
  for (const p of body.people) assert.ok(p.pAlive >= 0 && p.pAlive <= 1 && p.expectedPurchases >= 0 && p.frequency >= 0 && p.recencyDays <= p.tDays);

  // Weeks: the same fit in another unit (alpha scales by 1/7, r, a, b and the log-likelihood up to the constant shift).
  const w = JSON.parse(run(['clv', '--unit', 'week', '--horizon', '90d', '--json']).out);
  assert.equal(w.unit, 'week');
  assert.ok(Math.abs(w.horizon - 90 / 7) < 1e-12);
  assert.ok(Math.abs(w.bgnbd.alpha * 7 - body.bgnbd.alpha) / body.bgnbd.alpha < 1e-3, `${w.bgnbd.alpha} vs ${body.bgnbd.alpha}`);
  assert.ok(Math.abs(w.bgnbd.r - body.bgnbd.r) / body.bgnbd.r < 1e-3);

  // An earlier as-of day ends the calibration period earlier: fewer or as many customers.
  const early = JSON.parse(run(['clv', '--as-of', body.asOf, '--json']).out);
  assert.equal(early.customers, body.customers, 'as-of = the default day changes nothing');
  const d = new Date(Date.parse(`${body.asOf}T00:00:00Z`) - 20 * 86_400_000).toISOString().slice(0, 10);
  const earlier = JSON.parse(run(['clv', '--as-of', d, '--json']).out);
  assert.ok(earlier.customers <= body.customers && earlier.asOf === d);

  // Discounting lowers CLV.
  const disc = JSON.parse(run(['clv', '--discount', '0.1', '--json']).out);
  assert.ok(disc.totals.clv < body.totals.clv, `${disc.totals.clv} < ${body.totals.clv}`);
});

test('trailmap clv prints a readable summary and rejects bad flags', () => {
  const t = run(['clv']);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /BG\/NBD: r [\d.]+ ±/);
  assert.match(t.out, /(converged|NOT converged) after \d+ iterations/);
  assert.match(t.out, /P\(ALIVE\)/);
  assert.match(run(['clv', '--help']).out, /same-day purchases counting once/);
  for (const [flag, v] of [['--unit', 'month'], ['--horizon', 'ten'], ['--as-of', '2025-02-30x'], ['--discount', '-1']] as const) {
    const bad = run(['clv', flag, v]);
    assert.equal(bad.code, 2, `${flag} ${v}: ${bad.err}`);
    assert.match(bad.err, new RegExp(flag));
  }
  const none = run(['clv', '--purchase', 'Nothing Like This', '--json']);
  assert.equal(none.code, 0, none.err);
  assert.equal(JSON.parse(none.out).customers, 0);
});

test('trailmap clv --holdout-days prints the calibration/holdout bins and returns them in --json', () => {
  const j = run(['clv', '--holdout-days', '30', '--json']);
  assert.equal(j.code, 0, j.err);
  const h = JSON.parse(j.out).holdout;
  assert.equal(h.holdoutDays, 30);
  assert.ok(h.bins.length > 0 && h.bins.every((b: { frequency: string; predicted: number; actual: number }) => /^([0-5]|6\+)$/.test(b.frequency) && b.predicted >= 0 && b.actual >= 0));
  assert.equal(h.bins.reduce((s: number, b: { customers: number }) => s + b.customers, 0), h.customers);
  const t = run(['clv', '--holdout-days', '30']);
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /Calibration\/holdout: BG\/NBD fitted on purchases up to \d{4}-\d{2}-\d{2}/);
  assert.match(t.out, /CALIBRATION FREQUENCY/);
  const bad = run(['clv', '--holdout-days', 'x']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--holdout-days/);
});
