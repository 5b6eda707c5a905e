import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-analytics-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args, '--data', dir], { encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

before(() => {
  const r = run(['demo', '--events', '30000', '--seed', '3']);
  assert.equal(r.code, 0, r.err);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('trailmap funnel --json prints the steps with the people reaching each', () => {
  const r = run(['funnel', '--steps', 'Product Viewed|Product,Product Added,Order Completed', '--window', '7d', '--json']);
  assert.equal(r.code, 0, r.err);
  const body = JSON.parse(r.out);
  assert.deepEqual(body.steps.map((s: { name: string }) => s.name), ['Product Viewed | Product', 'Product Added', 'Order Completed']);
  const counts = body.steps.map((s: { count: number }) => s.count);
  assert.ok(counts[0] > counts[1] && counts[1] >= counts[2] && counts[2] > 0, `counts fall step by step: ${counts}`);
  const table = run(['funnel', '--steps', 'Product Viewed,Order Completed', '--breakdown', 'trait:persona']);
  assert.equal(table.code, 0, table.err);
  assert.match(table.out, /Product Viewed/);
  assert.match(table.out, /mobile_impulse/);
});

test('paths, retention, metrics and journey-map print tables and JSON', () => {
  const cases: Array<[string[], RegExp]> = [
    [['paths', '--from-event', 'Checkout Started', '--by', 'event', '--depth', '3'], /Payment Info Entered/],
    [['retention', '--start', 'Order Completed', '--return', 'Order Completed', '--period', 'month', '--periods', '3'], /\d+(\.\d)?%/],
    [['retention', '--view', 'lifecycle', '--period', 'month'], /resurrect/i],
    [['metrics', '--by', 'channel'], /email/],
    [['journey-map'], /conversion/],
  ];
  for (const [args, pattern] of cases) {
    const r = run(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
    assert.match(r.out, pattern, args.join(' '));
    const j = run([...args, '--json']);
    assert.equal(j.code, 0, `${args.join(' ')} --json: ${j.err}`);
    assert.doesNotThrow(() => JSON.parse(j.out), `${args.join(' ')} --json prints JSON`);
  }
});

test('bad flags and values are usage errors that name them', () => {
  const w = run(['funnel', '--steps', 'A,B', '--window', 'soon']);
  assert.equal(w.code, 2);
  assert.match(w.err, /window/);
  const one = run(['funnel', '--steps', 'A']);
  assert.equal(one.code, 2);
  assert.match(one.err, /steps/);
  const d = run(['paths', '--from-event', 'X', '--depth', '99']);
  assert.equal(d.code, 2);
  assert.match(d.err, /depth/);
  const p = run(['retention', '--period', 'fortnight']);
  assert.equal(p.code, 2);
  assert.match(p.err, /period/);
});

test('trailmap attribution --json prints the model and rows with removal effects', () => {
  const r = run(['attribution', '--model', 'markov', '--order', '1', '--by', 'event', '--conversion', 'Order Completed', '--json']);
  assert.equal(r.code, 0, r.err);
  const body = JSON.parse(r.out);
  assert.equal(body.model, 'markov');
  assert.ok(body.rows.length > 3);
  for (const row of body.rows) for (const k of ['name', 'conversions', 'value', 'removalEffect']) assert.ok(k in row, k);
  const sum = body.rows.reduce((a: number, x: { conversions: number }) => a + x.conversions, 0);
  assert.ok(Math.abs(sum - body.conversions) < 1e-6, 'credits add up to the conversions');
  const table = run(['attribution', '--by', 'channel']);
  assert.equal(table.code, 0, table.err);
  assert.match(table.out, /SHAPLEY/);
  const bad = run(['attribution', '--model', 'magic']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--model/);
});

test('trailmap report writes a self-contained HTML file', () => {
  const out = join(dir, 'report.html');
  const r = run(['report', '--out', out]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /wrote .*report\.html/);
});
