import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PersonaResult } from '@trailmap/core';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-personas-'));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args, '--data', dir], { encoding: 'utf8', env: { ...process.env, TRAILMAP_STATE: 'embedded' }, timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const json = (args: string[]): PersonaResult => {
  const r = run(['personas', ...args, '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as PersonaResult;
};

before(() => {
  const r = run(['demo', '--events', '20000', '--seed', '5']);
  assert.equal(r.code, 0, r.err);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('trailmap personas --json on the demo: k by silhouette over 2..8, clusters that cover everyone, named in en and zh', () => {
  const r = json([]);
  assert.ok(r.people > 100, `people: ${r.people}`);
  assert.deepEqual(r.byK.map((b) => b.k), [2, 3, 4, 5, 6, 7, 8]);
  const best = Math.max(...r.byK.map((b) => b.silhouette));
  assert.equal(r.byK.find((b) => b.k === r.k)!.silhouette, best);
  assert.ok(best > 0 && best <= 1);
  assert.equal(r.clusters.length, r.k);
  assert.equal(r.clusters.reduce((s, c) => s + c.size, 0), r.people);
  assert.equal(r.assignments.length, r.people);
  for (const c of r.clusters) {
    assert.equal(r.assignments.filter((a) => a.cluster === c.cluster).length, c.size);
    assert.ok(c.name.en.length > 0 && /[\u4e00-\u9fff]/.test(c.name.zh), JSON.stringify(c.name));
    for (const t of c.traits) assert.ok(Math.abs(t.z) >= 0.5 && t.feature in c.centroid);
  }
  // The demo's store buyers form their own cluster: one cluster's store share is far above the rest.
  const store = r.clusters.map((c) => c.centroid['channel:store'] ?? 0);
  assert.ok(Math.max(...store) > 0.4, `store shares ${store.join(', ')}`);
  for (const name of ['frequency', 'recency_days', 'value', 'channel:web', 'sentiment']) assert.ok(r.features.some((f) => f.name === name), name);
  assert.ok(r.features.some((f) => f.kind === 'category'));
  assert.deepEqual(json([]), r, 'same data and seed, same answer');
});

test('trailmap personas --k 3 --seed 2 --as-of: one k, fewer people earlier; text output names the clusters', () => {
  const all = json([]);
  const three = json(['--k', '3', '--seed', '2']);
  assert.equal(three.k, 3);
  assert.deepEqual(three.byK.map((b) => b.k), [3]);
  const earlier = json(['--as-of', '2026-10-01', '--k', '2..4']);
  assert.equal(earlier.asOf, '2026-10-01');
  assert.ok(earlier.people < all.people && earlier.people > 0, `${earlier.people} vs ${all.people}`);
  const text = run(['personas', '--k', '3', '--seed', '2']);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`^Personas as of ${three.asOf}: ${three.people.toLocaleString('en-US')} people, \\d+ features, k = 3`));
  for (const c of three.clusters) assert.ok(text.out.includes(`Cluster ${c.cluster}: ${c.name.en} / ${c.name.zh} — ${c.size.toLocaleString('en-US')} people`), c.name.en);
});

test('trailmap personas: bad flags are usage errors that name the flag', () => {
  for (const [args, msg] of [
    [['--k', '5..3'], /--k: the range's start exceeds its end/],
    [['--k', 'many'], /--k: expected a range/],
    [['--k', '1'], /--k:/],
    [['--as-of', '2026-13-01'], /--as-of:/],
    [['--mix', 'device'], /--mix:/],
  ] as const) {
    const r = run(['personas', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
    assert.match(r.err, msg);
  }
  const help = run(['personas', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: trailmap personas \[--k 2\.\.8\] \[--seed N\] \[--as-of YYYY-MM-DD\]/);
});
