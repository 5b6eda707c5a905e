import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '@trailmap/core';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-segments-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args, '--data', dir], { encoding: 'utf8', env: { ...process.env, TRAILMAP_STATE: 'embedded' }, timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const file = (name: string, body: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(body));
  return f;
};
const count = (rule: unknown): number => {
  const r = run(['segments', 'preview', file('rule.json', rule), '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out).count;
};

before(() => {
  const r = run(['demo', '--events', '20000', '--seed', '5']);
  assert.equal(r.code, 0, r.err);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const buyers = { performed: { event: 'Order Completed' }, atLeast: 2 };
const mobile = { trait: 'persona', value: 'mobile_impulse' };

test('trailmap segments preview: counts that add up (a rule and its negation; union and intersection)', () => {
  const everyone = count({ lastSeen: { after: '1970-01-01T00:00:00Z' } });
  const a = count(buyers);
  const b = count(mobile);
  assert.ok(a > 0 && b > 0 && a < everyone && b < everyone, `non-trivial segments: ${a}, ${b} of ${everyone}`);
  assert.equal(count({ not: buyers }) + a, everyone, 'a rule and its negation split everyone');
  assert.equal(count({ any: [buyers, mobile] }), a + b - count({ all: [buyers, mobile] }), 'inclusion-exclusion');
  const text = run(['segments', 'preview', file('rule.json', { rule: buyers })]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`^${a} people \\(realtime rule`));
});

test('trailmap segments: create, list, show, members as CSV, refresh, delete; errors name the problem', () => {
  const made = run(['segments', 'create', file('s.json', { key: 'repeat-buyers', name: 'Repeat buyers 回头客', rule: buyers }), '--json']);
  assert.equal(made.code, 0, made.err);
  const seg = JSON.parse(made.out);
  assert.deepEqual([seg.key, seg.timing, seg.size], ['repeat-buyers', 'realtime', count(buyers)]);
  const nested = run(['segments', 'create', file('n.json', { key: 'mobile-repeat', name: 'Mobile repeat', rule: { all: [{ inSegment: 'repeat-buyers' }, mobile] } })]);
  assert.equal(nested.code, 0, nested.err);
  assert.match(nested.out, new RegExp(`Saved segment mobile-repeat: Mobile repeat \\(realtime\\), ${count({ all: [buyers, mobile] })} members`));

  const list = run(['segments', 'list']);
  assert.equal(list.code, 0, list.err);
  assert.match(list.out, new RegExp(`repeat-buyers\\s+Repeat buyers 回头客\\s+realtime\\s+${seg.size}`));
  assert.deepEqual(JSON.parse(run(['segments', 'show', 'repeat-buyers', '--json']).out).rule, JSON.parse(made.out).rule);

  const csv = run(['segments', 'members', 'repeat-buyers', '--csv']);
  assert.equal(csv.code, 0, csv.err);
  const rows = parseCsv(csv.out);
  assert.deepEqual(rows[0], ['person_id', 'entered_at', 'exited_at']);
  assert.equal(rows.length - 1, seg.size);
  assert.ok(rows.slice(1).every((r) => r[2] === ''), 'all current');
  const few = run(['segments', 'members', 'repeat-buyers', '--limit', '3']);
  assert.match(few.out, new RegExp(`${seg.size} members, the first 3 shown`));

  const refreshed = JSON.parse(run(['segments', 'refresh', '--json']).out).refreshed;
  assert.deepEqual(refreshed.find((r: { key: string }) => r.key === 'repeat-buyers'), { key: 'repeat-buyers', size: seg.size, entered: 0, exited: 0 }, 'no new data: nobody moves');

  const dup = run(['segments', 'create', file('s.json', { key: 'repeat-buyers', name: 'Again', rule: buyers })]);
  assert.equal(dup.code, 1);
  assert.match(dup.err, /exists already/);
  const bad = run(['segments', 'create', file('b.json', { key: 'b', name: 'B', rule: { performed: { event: 'X' }, atLeast: 'two' } })]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /rule\.atLeast|atLeast/);
  const unknown = run(['segments', 'preview', file('u.json', { inSegment: 'nope' })]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /nope/);
  const inUse = run(['segments', 'delete', 'repeat-buyers']);
  assert.equal(inUse.code, 1);
  assert.match(inUse.err, /used by the rule of "mobile-repeat"/);
  assert.equal(run(['segments', 'refresh', 'nope']).code, 1);
  assert.equal(run(['segments', 'members']).code, 2, 'a missing KEY is a usage error');
  assert.equal(run(['segments', 'list', '--csv']).code, 2);
  assert.equal(run(['segments', 'delete', 'mobile-repeat']).code, 0);
  assert.equal(run(['segments', 'delete', 'repeat-buyers']).code, 0);
  assert.match(run(['segments', 'list']).out, /No saved segments/);
  const help = run(['segments', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /trailmap segments preview FILE/);
});
