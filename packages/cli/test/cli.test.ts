import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMapping } from '../src/index.js';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

test('--help lists the commands; each command has its own help', () => {
  const r = run(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['start', 'ingest', 'demo', 'touchpoints', 'profile', 'funnel', 'paths', 'journey-map', 'retention', 'metrics', 'report']) assert.match(r.out, new RegExp(`\\n  ${c}\\s`));
  const i = run(['ingest', '--help']);
  assert.equal(i.code, 0);
  assert.match(i.out, /--map col=field/);
});

test('unknown commands and flags are usage errors that name them', () => {
  const r = run(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command "frobnicate"/);
  const f = run(['demo', '--evnts', '10']);
  assert.equal(f.code, 2);
  assert.match(f.err, /--evnts/);
  const n = run(['demo', '--events', 'many']);
  assert.equal(n.code, 2);
  assert.match(n.err, /--events must be a number/);
});

test('parseMapping reads col=field pairs and rejects malformed ones', () => {
  assert.deepEqual(parseMapping(['customer_id=userId,action=event', 'amount=properties.revenue']), { customer_id: 'userId', action: 'event', amount: 'properties.revenue' });
  assert.throws(() => parseMapping(['customer_id']), /col(umn)?=field/);
});

test('demo → touchpoints → profile → ingest on one data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-cli-'));
  try {
    const fresh = join(dir, 'not', 'yet', 'there');
    const created = run(['demo', '--events', '10', '--data', fresh, '--json']);
    assert.equal(created.code, 0, created.err);
    const d = run(['demo', '--events', '3000', '--seed', '5', '--data', dir, '--json']);
    assert.equal(d.code, 0, d.err);
    const demo = JSON.parse(d.out);
    assert.equal(demo.accepted, 3000);
    const again = JSON.parse(run(['demo', '--events', '3000', '--seed', '5', '--data', dir, '--json']).out);
    assert.deepEqual([again.accepted, again.duplicates], [0, 3000]);

    const t = run(['touchpoints', '--data', dir, '--json']);
    assert.equal(t.code, 0, t.err);
    const listed = JSON.parse(t.out) as { touchpoints: Array<{ stage: string; events: number; channel: string }>; notTouchpoints: Array<{ type: string; events: number }> };
    const tps = listed.touchpoints;
    // Every event is a touchpoint's or counted beside them (identify, alias, group).
    assert.ok(listed.notTouchpoints.some((x) => x.type === 'identify' && x.events > 0), 'the demo identifies people');
    assert.equal(tps.reduce((s, x) => s + x.events, 0) + listed.notTouchpoints.reduce((s, x) => s + x.events, 0), 3000);
    assert.ok(new Set(tps.map((x) => x.stage)).size === 5, 'all five stages appear in the demo data');
    assert.ok(new Set(tps.map((x) => x.channel)).size >= 6, 'demo data spans many channels');
    const table = run(['touchpoints', '--data', dir]);
    assert.match(table.out, /STAGE\s+TOUCHPOINT\s+CHANNEL\s+TYPE\s+EVENTS\s+PEOPLE/);

    const csv = join(dir, 'crm.csv');
    writeFileSync(csv, 'customer_id,action,created_at,amount\nc1,Order Completed,2026-05-01T10:00:00Z,12.5\nc2,Order Completed,not-a-date,3\n,Order Completed,2026-05-01T10:00:00Z,1\n');
    const i = run(['ingest', csv, '--data', dir, '--map', 'customer_id=userId,action=event,created_at=timestamp,amount=properties.revenue', '--type', 'track', '--json']);
    assert.equal(i.code, 0, i.err);
    assert.deepEqual(JSON.parse(i.out), { accepted: 1, quarantined: 2, duplicates: 0 });
    const i2 = run(['ingest', csv, '--data', dir, '--map', 'customer_id=userId,action=event,created_at=timestamp,amount=properties.revenue', '--type', 'track', '--json']);
    assert.equal(JSON.parse(i2.out).accepted, 0);

    const p = run(['profile', 'c1', '--data', dir]);
    assert.equal(p.code, 0, p.err);
    assert.equal(JSON.parse(p.out).eventCount, 1);
    assert.equal(run(['profile', 'nobody', '--data', dir]).code, 1);

    const bad = run(['ingest', join(dir, 'missing.csv'), '--data', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /missing\.csv/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad trailmap.config.json is reported with the file and field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-cfg-'));
  try {
    const cfg = join(dir, 'trailmap.config.json');
    writeFileSync(cfg, JSON.stringify({ touchpoints: { rules: [{ match: { event: 'x' }, set: { channel: 'fax' } }] } }));
    const r = run(['demo', '--events', '10', '--data', dir, '--config', cfg]);
    assert.equal(r.code, 1);
    assert.match(r.err, /trailmap\.config\.json is not a valid Trailmap config/);
    assert.match(r.err, /touchpoints\.rules\.0\.set\.channel/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
