import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoDataDir } from './support/demo-dir.js';

// `trailmap clv --segment KEY` on the demo: the saved segment's CLV summary equals the sum, over
// the segment's stored members (`trailmap segments members`), of every customer's CLV (`trailmap clv`).
const { dir, run } = demoDataDir('clv-segment', { events: 20000, seed: 4 });
const close = (a: number, b: number, label: string) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${label}: ${a} vs ${b}`);

test('trailmap clv --segment KEY sums the CLV of the saved segment\'s members', () => {
  const file = join(dir, 'repeat-buyers.json');
  writeFileSync(file, JSON.stringify({ key: 'repeat-buyers', name: 'Repeat buyers', rule: { performed: { event: 'Order Completed' }, atLeast: 2 } }));
  const made = run(['segments', 'create', file, '--json']);
  assert.equal(made.code, 0, made.err);

  const all = JSON.parse(run(['clv', '--people', '1000000', '--json']).out);
  const stored = JSON.parse(run(['segments', 'members', 'repeat-buyers', '--limit', '1000000', '--json']).out);
  const members = new Set<string>(stored.members.map((m: { personId: string }) => m.personId));
  assert.ok(members.size > 5 && members.size < all.customers, `a non-trivial segment: ${members.size} of ${all.customers} customers`);
  const inside = (all.people as Array<{ personId: string; clv: number; pAlive: number; expectedPurchases: number }>).filter((p) => members.has(p.personId));

  const r = run(['clv', '--segment', 'repeat-buyers', '--people', '3', '--json']);
  assert.equal(r.code, 0, r.err);
  const body = JSON.parse(r.out);
  const s = body.segment;
  assert.equal(s.key, 'repeat-buyers');
  assert.equal(s.members, members.size);
  assert.equal(s.customers, inside.length, 'everyone who bought twice is a customer');
  assert.equal(s.customers, members.size);
  const clv = inside.reduce((t, p) => t + p.clv, 0);
  close(s.clv, clv, 'clv');
  close(s.expectedPurchases, inside.reduce((t, p) => t + p.expectedPurchases, 0), 'expected purchases');
  close(s.meanPAlive, inside.reduce((t, p) => t + p.pAlive, 0) / inside.length, 'mean P(alive)');
  close(s.shareOfClv, clv / all.totals.clv, 'share');
  assert.ok(s.shareOfClv > 0 && s.shareOfClv < 1);
  assert.deepEqual(body.bgnbd, all.bgnbd, 'the model is fitted on every customer');
  assert.equal(body.people.length, 3);
  assert.ok(body.people.every((p: { personId: string }) => members.has(p.personId)), 'the people listed are members');

  const text = run(['clv', '--segment', 'repeat-buyers']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`Segment repeat-buyers: ${members.size.toLocaleString('en-US')} members, ${members.size.toLocaleString('en-US')} of them customers`));
  assert.match(run(['clv', '--help']).out, /--segment KEY/);
  const unknown = run(['clv', '--segment', 'nobody-saved-this']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /no saved segment has the key "nobody-saved-this"/);
});
