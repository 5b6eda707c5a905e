import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, TRAILMAP_STATE: 'embedded' }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('trailmap insights: create from a JSON file, list, show, delete; a bad definition names the field; --help', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-ins-'));
  try {
    const help = run(['insights', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /trailmap insights create FILE/);
    assert.match(help.out, /funnel\s+funnel, trend, table/);
    assert.equal(run(['insights', 'list', '--data', join(dir, 'missing')]).code, 2, 'no data directory is a usage error');

    const file = join(dir, 'insight.json');
    writeFileSync(file, JSON.stringify({ kind: 'funnel', name: 'Checkout 结账', chart: 'trend', definition: { steps: [{ touchpoint: 'Cart' }, { touchpoint: 'Checkout' }], window: '7d' } }));
    const made = run(['insights', 'create', file, '--data', dir, '--json']);
    assert.equal(made.code, 0, made.err);
    const insight = JSON.parse(made.out);
    assert.deepEqual([insight.kind, insight.name, insight.chart, insight.view], ['funnel', 'Checkout 结账', 'trend', null]);

    const list = run(['insights', 'list', '--data', dir]);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(`${insight.id}\\s+funnel\\s+trend\\s+Checkout 结账`));
    assert.deepEqual(JSON.parse(run(['insights', 'list', '--kind', 'paths', '--data', dir, '--json']).out).insights, []);
    const shown = JSON.parse(run(['insights', 'show', insight.id, '--data', dir, '--json']).out);
    assert.deepEqual(shown, insight);

    writeFileSync(file, JSON.stringify({ kind: 'funnel', name: 'x', definition: { steps: [{ touchpoint: 'Cart' }] } }));
    const bad = run(['insights', 'create', file, '--data', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /definition\.steps.*\(field definition\.steps\)/);
    writeFileSync(file, '{not json');
    assert.equal(run(['insights', 'create', file, '--data', dir]).code, 2);
    assert.equal(run(['insights', 'show', 'nope', '--data', dir]).code, 1);
    assert.equal(run(['insights', 'frob', '--data', dir]).code, 2);

    const del = run(['insights', 'delete', insight.id, '--data', dir]);
    assert.equal(del.code, 0, del.err);
    assert.match(del.out, /Deleted insight/);
    assert.match(run(['insights', 'list', '--data', dir]).out, /No saved insights/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
