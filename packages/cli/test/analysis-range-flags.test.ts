import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoStartEndingToday, resolveRange } from '@trailmap/core';

// The analysis commands' range flags end to end (a child process on a real data directory):
// --from/--to/--last/--during, --compare where offered, errors naming the flag, the help texts.
const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const json = (args: string[]) => {
  const r = run([...args, '--json']);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.err}`);
  return JSON.parse(r.out);
};

const DAY = 86_400_000;
const STEPS = ['funnel', '--steps', 'Product Viewed,Order Completed', '--window', '1d'];
let dir: string;
let data: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-range-'));
  data = join(dir, 'data');
  // Two days ago: u1..u3 view, u1 orders. Forty days ago: u4, u5 view and order.
  const now = Date.now();
  const at = (ms: number) => new Date(ms).toISOString();
  const lines: object[] = [];
  let n = 0;
  const track = (userId: string, event: string, ms: number) => lines.push({ type: 'track', userId, event, timestamp: at(ms), messageId: `cr-${n++}` });
  for (const u of ['u1', 'u2', 'u3']) track(u, 'Product Viewed', now - 2 * DAY);
  track('u1', 'Order Completed', now - 2 * DAY + 60_000);
  for (const u of ['u4', 'u5']) {
    track(u, 'Product Viewed', now - 40 * DAY);
    track(u, 'Order Completed', now - 40 * DAY + 60_000);
  }
  const file = join(dir, 'events.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const r = run(['ingest', file, '--data', data, '--json']);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).accepted, lines.length);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('funnel --last 30d counts the last 30 days and says the range; --compare adds the 30 days before and the change', () => {
  const all = json([...STEPS, '--data', data]);
  assert.deepEqual(all.steps.map((s: { count: number }) => s.count), [5, 3]);
  assert.equal(all.range.from, null);
  const a = json([...STEPS, '--last', '30d', '--data', data]);
  assert.deepEqual(a.steps.map((s: { count: number }) => s.count), [3, 1]);
  const expected = resolveRange({ last: '30d' }, { timeZone: 'UTC', now: Date.now() });
  assert.ok(expected.ok);
  assert.deepEqual([a.range.from, a.range.to, a.range.timeZone, a.range.spec], [expected.value.from, expected.value.to, 'UTC', { last: '30d' }]);
  const c = json([...STEPS, '--last', '30d', '--compare', '--data', data]);
  assert.deepEqual(c.previous.result.steps.map((s: { count: number }) => s.count), [2, 2]);
  assert.deepEqual(c.change.steps[1].count, { current: 1, previous: 2, absolute: -1, relative: -0.5 });
  const text = run([...STEPS, '--last', '30d', '--compare', '--data', data]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /^Range: \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(exclusive; UTC; last 30d; not over yet\)/);
  assert.match(text.out, /Compared with the previous period/);
  assert.match(text.out, /−1 \(−50\.0%\)/);
  // Absolute dates: the same 30 days written out.
  const abs = json([...STEPS, '--from', expected.value.from!.slice(0, 10), '--to', expected.value.to!.slice(0, 10), '--data', data]);
  assert.deepEqual(abs.steps.map((s: { count: number }) => s.count), [3, 1]);
});

test('metrics and journey-map compare; paths, retention and attribution take the range flags', () => {
  const m = json(['metrics', '--last', '30d', '--compare', '--data', data]);
  const all = m.change.rows.find((r: { group: string }) => r.group === 'all');
  assert.deepEqual(all.activePeople, { current: 3, previous: 2, absolute: 1, relative: 0.5 });
  assert.deepEqual(all.converters, { current: 1, previous: 2, absolute: -1, relative: -0.5 });
  const jm = json(['journey-map', '--last', '30d', '--compare', '--data', data]);
  assert.equal(jm.change.events.current, jm.totals.events);
  assert.equal(jm.change.events.previous, jm.previous.result.totals.events);
  assert.deepEqual(json(['paths', '--last', '7d', '--data', data]).range.spec, { last: '7d' });
  const ret = json(['retention', '--during', 'this_year', '--period', 'week', '--data', data]);
  assert.deepEqual(ret.range.spec, { period: 'this_year' });
  const attr = json(['attribution', '--model', 'last', '--by', 'event', '--last', '30d', '--data', data]);
  assert.deepEqual(attr.range.spec, { last: '30d' });
});

test('errors name the flag (exit 2)', () => {
  const cases: Array<[string[], RegExp]> = [
    [[...STEPS, '--last', '30'], /: --last: expected a count and a unit/],
    [[...STEPS, '--during', 'next_month'], /: --during: /],
    [[...STEPS, '--from', '2026-11-10', '--to', '2026-11-01'], /: --to: "to" .* must be after "from"/],
    [[...STEPS, '--from', 'last tuesday'], /: --from: expected a date/],
    [[...STEPS, '--last', '7d', '--during', 'today'], /: --last: give one of from\/to, last or period/],
    [[...STEPS, '--compare'], /: --compare: comparing with the previous period needs a range/],
    [['retention', '--period', 'fortnight'], /: --period: /],
    [['paths', '--compare'], /Unknown option '--compare'/],
  ];
  for (const [args, message] of cases) {
    const r = run([...args, '--data', data]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}${r.err}`);
    assert.match(r.err, message, args.join(' '));
  }
});

test('the project time zone comes from trailmap.config.json and is checked', () => {
  const zoned = join(dir, 'zoned');
  writeFileSync(join(dir, 'berlin.json'), JSON.stringify({ timeZone: 'Europe/Berlin' }));
  const a = json([...STEPS, '--during', 'this_month', '--data', data, '--config', join(dir, 'berlin.json')]);
  assert.equal(a.range.timeZone, 'Europe/Berlin');
  const expected = resolveRange({ period: 'this_month' }, { timeZone: 'Europe/Berlin', now: Date.now() });
  assert.ok(expected.ok);
  assert.equal(a.range.from, expected.value.from);
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ timeZone: 'Europe/Atlantis' }));
  const bad = run([...STEPS, '--last', '7d', '--data', data, '--config', join(dir, 'bad.json')]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /bad\.json[\s\S]*timeZone: expected an IANA time zone name/);
  void zoned;
});

test('every analysis command documents its range flags; --compare only where offered', () => {
  for (const c of ['funnel', 'metrics', 'journey-map']) {
    const h = run([c, '--help']).out;
    for (const f of ['--from DATE', '--last 30d', '--during PERIOD', '--compare']) assert.ok(h.includes(f), `${c} --help mentions ${f}`);
  }
  for (const c of ['paths', 'retention', 'attribution']) {
    const h = run([c, '--help']).out;
    for (const f of ['--from DATE', '--last 30d', '--during PERIOD']) assert.ok(h.includes(f), `${c} --help mentions ${f}`);
    assert.ok(!h.includes('--compare'), `${c} --help has no --compare`);
  }
});

test('trailmap demo ends its window at today 00:00 UTC unless --start pins it', () => {
  const d = json(['demo', '--events', '200', '--seed', '3', '--data', join(dir, 'demo')]);
  assert.equal(d.start, demoStartEndingToday(Date.now()));
  assert.equal(Date.parse(d.start) + 180 * DAY, Math.floor(Date.now() / DAY) * DAY);
  const pinned = json(['demo', '--events', '200', '--seed', '3', '--start', '2026-05-01', '--data', join(dir, 'demo-pinned')]);
  assert.equal(pinned.start, '2026-05-01T00:00:00.000Z');
  const bad = run(['demo', '--start', 'May', '--data', join(dir, 'demo-bad')]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--start must be a UTC date/);
});
