import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { demoDataDir } from './support/demo-dir.js';

const { run } = demoDataDir('churn', { events: 30000, seed: 3 });

test('trailmap churn --json: the model beats recency alone on the demo, and everyone active is scored', () => {
  const r = run(['churn', '--window', '30d', '--json']);
  assert.equal(r.code, 0, r.err);
  const body = JSON.parse(r.out);
  const v = body.validation;
  assert.equal(body.windowDays, 30);
  assert.equal(body.activeEvent, null);
  // Days: train 2 windows before asOf, test 1 window before.
  const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;
  assert.equal(day(body.asOf) - day(body.testCutoff), 30);
  assert.equal(day(body.testCutoff) - day(body.trainCutoff), 30);
  assert.ok(v.trainPeople > 200 && v.testPeople > 200, `people: ${v.trainPeople}, ${v.testPeople}`);
  assert.ok(v.testChurnRate > 0.1 && v.testChurnRate < 0.9, `churn rate ${v.testChurnRate}`);
  assert.ok(v.auc > v.baselineAuc, `model AUC ${v.auc} > recency-only ${v.baselineAuc}`);
  assert.ok(v.brier < v.baseRateBrier, `Brier ${v.brier} < base rate ${v.baseRateBrier}`);
  assert.ok(body.model.converged);
  const recency = body.model.coefficients.find((c: { feature: string }) => c.feature === 'recencyDays');
  assert.ok(recency.coefficient > 0 && /more likely to churn/.test(recency.meaning), 'longer since active = more risk');
  const bins = v.calibration as Array<{ people: number }>;
  assert.equal(bins.reduce((s, b) => s + b.people, 0), v.testPeople, 'calibration bins cover the test people');
  assert.equal(body.people.length, 20);
  const probs = body.people.map((p: { probability: number }) => p.probability);
  assert.deepEqual(probs, [...probs].sort((a: number, b: number) => b - a), 'most at risk first');
  assert.ok(body.scored > v.testPeople, 'scored as of today: everyone active by then');
  assert.equal(body.people[0].reasons.length, 3);
});

test('trailmap churn prints AUC vs baseline and the people most at risk; flags are checked', () => {
  const r = run(['churn', '--window', '14', '--active-event', 'Order Completed', '--top', '5']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /no "Order Completed" in the 14 days after a day/);
  assert.match(r.out, /Model AUC 0\.\d{3} vs recency-only baseline AUC 0\.\d{3}/);
  assert.match(r.out, /Most at risk as of \d{4}-\d{2}-\d{2}/);
  assert.equal(r.out.split('\n').filter((l) => /^p_\w+\s+\d+\.\d%/.test(l)).length, 5, 'five people listed');
  const help = run(['churn', '--help']);
  assert.match(help.out, /--window/);
  assert.match(help.out, /recency alone/);
  for (const [args, flag] of [
    [['--window', 'month'], '--window'],
    [['--as-of', '2026-13-01'], '--as-of'],
    [['--top', 'x'], '--top'],
    [['--window', '0d'], '--window'],
  ] as const) {
    const bad = run(['churn', ...args]);
    assert.equal(bad.code, 2, `${args.join(' ')}: ${bad.out}`);
    assert.match(bad.err, new RegExp(flag), args.join(' '));
  }
  const early = run(['churn', '--as-of', '2020-01-01']);
  assert.equal(early.code, 1);
  assert.match(early.err, /not enough history to train/);
});
