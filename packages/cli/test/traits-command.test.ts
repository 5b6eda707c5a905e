import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '@trailmap/core';

// trailmap traits on a small demo: preview, create, list, show, values (CSV), delete, and a
// segment on a computed trait agreeing with the trait's values.
const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-traits-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args, '--data', dir], { encoding: 'utf8', env: { ...process.env, TRAILMAP_STATE: 'embedded' }, timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const file = (name: string, body: unknown) => {
  const f = join(dir, name);
  writeFileSync(f, JSON.stringify(body));
  return f;
};

before(() => {
  const r = run(['demo', '--events', '20000', '--seed', '5']);
  assert.equal(r.code, 0, r.err);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const orders = { key: 'orders', name: 'Orders 订单', aggregate: 'count', event: 'Order Completed' };

test('trailmap traits: preview, create, list, show, values as CSV, a segment on it, delete; errors name the problem', () => {
  const pre = run(['traits', 'preview', file('t.json', orders), '--json']);
  assert.equal(pre.code, 0, pre.err);
  const preview = JSON.parse(pre.out);
  assert.ok(preview.distribution.people > 0 && preview.distribution.numeric.max >= 1, JSON.stringify(preview.distribution));
  assert.ok(preview.lastLoadAt !== null);
  const text = run(['traits', 'preview', file('t.json', orders)]);
  assert.match(text.out, new RegExp(`^${preview.distribution.people} people with a value`));

  const made = run(['traits', 'create', file('t.json', orders)]);
  assert.equal(made.code, 0, made.err);
  assert.match(made.out, /Saved computed trait orders: Orders 订单 \(count of Order Completed\)/);
  assert.match(run(['traits', 'list']).out, /orders\s+Orders 订单\s+count of Order Completed/);
  assert.equal(JSON.parse(run(['traits', 'show', 'orders', '--json']).out).definition.aggregate, 'count');

  const csv = run(['traits', 'values', 'orders', '--csv', '--limit', '1000000']);
  assert.equal(csv.code, 0, csv.err);
  const rows = parseCsv(csv.out);
  assert.deepEqual(rows[0], ['person_id', 'value']);
  assert.equal(rows.length - 1, preview.distribution.people);
  const repeat = new Set(rows.slice(1).filter((r) => Number(r[1]) >= 2).map((r) => r[0]));
  assert.ok(repeat.size > 0 && repeat.size < rows.length - 1, 'some but not all ordered twice');

  // A segment on the trait holds exactly the people whose value meets it (within the same second: no new data).
  const seg = run(['segments', 'preview', file('r.json', { computedTrait: 'orders', op: 'gte', value: 2 }), '--json']);
  assert.equal(seg.code, 0, seg.err);
  assert.equal(JSON.parse(seg.out).count, repeat.size);
  assert.equal(run(['segments', 'create', file('s.json', { key: 'repeaters', name: 'Repeaters', rule: { computedTrait: 'orders', op: 'gte', value: 2 } })]).code, 0);
  const inUse = run(['traits', 'delete', 'orders']);
  assert.equal(inUse.code, 1);
  assert.match(inUse.err, /used by the rule of segment "repeaters"/);
  const unknown = run(['segments', 'preview', file('u.json', { computedTrait: 'nope', op: 'is_set' })]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.err, /no saved computed trait has the key "nope"/);

  const dup = run(['traits', 'create', file('t.json', orders)]);
  assert.equal(dup.code, 1);
  assert.match(dup.err, /exists already/);
  const bad = run(['traits', 'create', file('b.json', { ...orders, key: 'spend', aggregate: 'sum' })]);
  assert.equal(bad.code, 1);
  assert.match(bad.err, /needs a property/);
  assert.equal(run(['traits', 'values']).code, 2, 'a missing KEY is a usage error');
  assert.equal(run(['traits', 'list', '--csv']).code, 2);
  assert.equal(run(['segments', 'delete', 'repeaters']).code, 0);
  assert.equal(run(['traits', 'delete', 'orders']).code, 0);
  assert.match(run(['traits', 'list']).out, /No saved computed traits/);
  assert.match(run(['traits', '--help']).out, /trailmap traits preview FILE/);
});
