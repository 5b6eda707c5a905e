import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RFM_GROUPS, rfmGroupOf } from '@trailmap/core';
import { demoDataDir } from './support/demo-dir.js';

const { dir, run } = demoDataDir('rfm', { events: 20000, seed: 4 });

test('trailmap rfm --json: every purchaser scored once; groups, grid and people agree with each other and with a segment of purchasers', () => {
  const r = run(['rfm', '--json', '--people']);
  assert.equal(r.code, 0, r.err);
  const body = JSON.parse(r.out);
  const rule = join(dir, 'buyers.json');
  writeFileSync(rule, JSON.stringify({ performed: { event: 'Order Completed' } }));
  const buyers = JSON.parse(run(['segments', 'preview', rule, '--json']).out).count;
  assert.ok(buyers > 20, `the demo has purchasers (${buyers})`);
  assert.equal(body.customers, buyers, 'customers = people with an Order Completed (the segment compiler counts them independently)');
  assert.equal(body.people.length, buyers);
  assert.equal(body.grid.length, 25);
  assert.equal(body.grid.reduce((s: number, c: { count: number }) => s + c.count, 0), buyers);
  assert.deepEqual(body.groups.map((g: { group: string }) => g.group).sort(), [...RFM_GROUPS].sort());
  assert.equal(body.groups.reduce((s: number, g: { count: number }) => s + g.count, 0), buyers);
  for (const p of body.people) {
    assert.equal(p.fm, Math.ceil((p.f + p.m) / 2));
    assert.equal(p.group, rfmGroupOf(p.r, p.fm));
  }
  // Quintiles: more recent never scores lower.
  const byRecency = [...body.people].sort((a, b) => a.recencyDays - b.recencyDays);
  for (let i = 1; i < byRecency.length; i++) assert.ok(byRecency[i].r <= byRecency[i - 1].r);
  const champions = body.groups.find((g: { group: string }) => g.group === 'champions');
  assert.ok(champions.count > 0);

  const text = run(['rfm']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`${buyers.toLocaleString('en-US')} customers`));
  assert.match(text.out, /Champions\s+\d+/);
  assert.match(text.out, /Can't lose them/);
  assert.match(text.out, /R5\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+/);

  const none = run(['rfm', '--purchase', 'Never Happened']);
  assert.equal(none.code, 0, none.err);
  assert.match(none.out, /No "Never Happened" events: nobody to score/);
  const bad = run(['rfm', '--as-of', '2026-02-30']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--as-of/);
});
