import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs bin/trailmap.js, so the runner runs this file on DuckDB and on chdb (TRAILMAP_WAREHOUSE is inherited).
const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 180_000, env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const USER = 'u-cli-9d41be77';
const ANON1 = 'anon-cli-dev1-3e8a';
const ANON2 = 'anon-cli-dev2-77c0';
const EMAIL = 'kim.cli.2281@example.net';
const OTHER = 'u-cli-keep-0b6e';
const NEEDLES = [USER, ANON1, ANON2, EMAIL];
/** Every file under dir holding one of the needles' bytes. */
function filesContaining(dir: string, needles: readonly string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && needles.some((n) => readFileSync(p).includes(Buffer.from(n)))) hits.push(p.slice(dir.length));
    }
  };
  walk(dir);
  return hits;
}
const at = (d: number) => new Date(Date.UTC(2026, 10, d, 9)).toISOString();

function seed(dir: string) {
  const lines = [
    { type: 'track', anonymousId: ANON1, event: 'Plan Viewed', timestamp: at(1), messageId: 'c1' },
    { type: 'identify', anonymousId: ANON1, userId: USER, traits: { email: EMAIL }, timestamp: at(2), messageId: 'c2' },
    { type: 'track', anonymousId: ANON2, event: 'Plan Viewed', timestamp: at(3), messageId: 'c3' },
    { type: 'identify', anonymousId: ANON2, userId: USER, timestamp: at(3), messageId: 'c4' },
    { type: 'track', userId: USER, event: 'Subscribed', timestamp: at(4), messageId: 'c5' },
    { type: 'track', userId: OTHER, event: 'Plan Viewed', timestamp: at(2), messageId: 'k1' },
    { type: 'identify', userId: OTHER, traits: { email: 'other@example.net' }, timestamp: at(2), messageId: 'k2' },
  ];
  const file = join(dir, '..', `${dir.split('/').pop()}-events.jsonl`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const r = run(['ingest', file, '--data', dir, '--json']);
  assert.equal(r.code, 0, r.err);
  rmSync(file);
}

/** Start `privacy delete` with the test hook, wait until it has recorded `step`, kill -9 it. */
function killAfter(dir: string, step: string): Promise<void> {
  // The second start resumes the open request (the same subject) and pauses at its next step.
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'privacy', 'delete', '--user', USER, '--data', dir], { env: { ...process.env, TRAILMAP_PRIVACY_PAUSE_AFTER: step } });
    let err = '';
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`no pause after ${step}: ${err}`))), 120_000);
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
      if (err.includes(`paused after step ${step}`)) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && err.includes('paused after')) resolve();
      else reject(new Error(`exited without pausing (${signal}): ${err}`));
    });
  });
}

const accessRows = (dir: string, user: string) => {
  const r = run(['privacy', 'access', '--user', user, '--data', dir, '--json']);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out).result.rows as Record<string, number>;
};

test('trailmap privacy delete killed (-9) in the middle resumes at the next run to the same end state as an uninterrupted run', async () => {
  const root = mkdtempSync(join(tmpdir(), 'trailmap-dsr-cli-'));
  try {
    const a = join(root, 'a');
    const b = join(root, 'b');
    seed(a);
    cpSync(a, b, { recursive: true });
    // b: uninterrupted.
    const straight = run(['privacy', 'delete', '--user', USER, '--data', b, '--json']);
    assert.equal(straight.code, 0, straight.err);
    const sDone = JSON.parse(straight.out);
    assert.equal(sDone.status, 'completed');
    // a: killed twice — after the person graph is resolved (nothing erased yet), then, resumed,
    // after the warehouse step (rows gone; files, state and compaction not done).
    await killAfter(a, 'resolve');
    assert.notDeepEqual(filesContaining(a, NEEDLES), [], 'the crash left bytes for the resumed run to remove');
    await killAfter(a, 'warehouse');
    // DuckDB still holds the deleted rows' bytes until the compact step; ClickHouse's rewrite already dropped the old parts.
    if ((process.env.TRAILMAP_WAREHOUSE ?? 'duckdb') === 'duckdb') assert.notDeepEqual(filesContaining(a, NEEDLES), []);
    const resumed = run(['privacy', 'delete', '--user', USER, '--data', a, '--json']);
    assert.equal(resumed.code, 0, resumed.err);
    assert.match(resumed.err, /resuming the open request dsr_/);
    const rDone = JSON.parse(resumed.out);
    assert.equal(rDone.status, 'completed');
    assert.deepEqual(rDone.stepsDone, sDone.stepsDone);
    assert.deepEqual(rDone.result.rows, sDone.result.rows);
    for (const dir of [a, b]) assert.deepEqual(filesContaining(dir, NEEDLES), [], dir);
    // Same end state: the other person's data is whole in both, the deleted one's gone in both.
    assert.deepEqual(accessRows(a, OTHER), accessRows(b, OTHER));
    assert.equal(accessRows(a, OTHER).events, 2);
    assert.deepEqual(accessRows(a, USER), accessRows(b, USER));
    // Idempotent: deleting again completes and removes nothing.
    const again = JSON.parse(run(['privacy', 'delete', '--user', USER, '--data', a, '--json']).out);
    assert.equal(again.status, 'completed');
    // Nothing of the person is left to remove, except the access export asked for above (it names them).
    const { 'access-exports': exports, ...rest } = again.result.rows as Record<string, number>;
    assert.equal(exports, 1);
    assert.ok(Object.values(rest).every((n) => n === 0), JSON.stringify(rest));
    assert.deepEqual(filesContaining(a, NEEDLES), []);
    const list = run(['privacy', 'list', '--data', a, '--json']);
    assert.equal(list.code, 0, list.err);
    assert.ok(!NEEDLES.some((n) => list.out.includes(n)));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('trailmap privacy access --out DIR: access.json and a CSV per table; bad flags are usage errors naming them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-dsr-cli-'));
  try {
    seed(join(dir, 'd'));
    const out = join(dir, 'export');
    const r = run(['privacy', 'access', '--email', EMAIL, '--data', join(dir, 'd'), '--out', out]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /access \(GDPR, deadline \d{4}-\d\d-\d\d\) completed/);
    const doc = JSON.parse(readFileSync(join(out, 'access.json'), 'utf8'));
    assert.equal(doc.tables.events.length, 5);
    assert.deepEqual(doc.tables.identities.map((i: { id: string }) => i.id).sort(), [ANON1, ANON2, USER].sort());
    for (const t of ['identities', 'events', 'traits', 'consents', 'scores', 'segment_memberships', 'notes']) assert.ok(existsSync(join(out, `${t}.csv`)), t);
    assert.ok(readFileSync(join(out, 'traits.csv'), 'utf8').includes(EMAIL));
    const none = run(['privacy', 'delete', '--data', join(dir, 'd')]);
    assert.equal(none.code, 2);
    assert.match(none.err, /--user: name the person/);
    const then = run(['privacy', 'access', '--user', USER, '--then', 'suppress', '--data', join(dir, 'd')]);
    assert.match(then.err, /--then: then applies to delete requests only/);
    assert.match(run(['privacy', 'delete', '--user', USER, '--regime', 'hipaa', '--data', join(dir, 'd')]).err, /--regime must be one of gdpr, ccpa, pipl/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
