import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JourneyDetail, JourneyStats } from '@trailmap/core';
import { createKey } from '@trailmap/server';
import { listAudit, openStateStore } from '@trailmap/state';
import { seedEmbeddedState } from '@trailmap/state/test-support';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const example = fileURLToPath(new URL('../../../../docs/journeys/abandoned-cart.json', import.meta.url));
const env = () => {
  const e: Record<string, string | undefined> = { ...process.env, TRAILMAP_STATE: 'embedded' };
  for (const k of ['TRAILMAP_WRITE_KEY', 'TRAILMAP_READ_KEY', 'TRAILMAP_API_KEY']) delete e[k];
  return e;
};
const run = (args: string[], extraEnv: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [bin, 'journeys', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...env(), ...extraEnv } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** `trailmap start` as its own process on `dir` (embedded state store), on a free port. */
function startServer(dir: string): Promise<{ url: string; child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, [bin, 'start', '--data', dir, '--no-demo'], { env: { ...env(), PORT: '0', TRAILMAP_DEMO_EVENTS: '0', LOG_LEVEL: 'warn', TRAILMAP_LOAD_EVERY_MS: '100' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, child, out: () => out });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`trailmap start exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`no start in 90 s: ${out}`)), 90_000).unref();
  });
}

test('trailmap journeys --server: the shipped abandoned cart created and published through a running server with an admin key, read with a read key, a person entering it shown in stats and runs; a read key refused for create (403 shown), a broken file named at its field, the locked data directory pointing to --server', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-journeys-srv-'));
  let child: ChildProcess | undefined;
  try {
    await seedEmbeddedState(dir);
    const { state } = await openStateStore({ setting: 'embedded', dataDir: dir });
    const admin = await createKey(state, { name: 'cli admin', scopes: ['admin'] }, { actor: 'test' });
    const read = await createKey(state, { name: 'cli read', scopes: ['read'] }, { actor: 'test' });
    const collect = await createKey(state, { name: 'shop', scopes: ['collect'] }, { actor: 'test' });
    await state.close();
    const server = await startServer(dir);
    child = server.child;
    const asAdmin = ['--server', server.url, '--key', admin.secret];
    const asReader = ['--server', server.url, '--key', read.secret];

    // The embedded store is the server's now: the error says so and names the other way in.
    const locked = run(['list', '--data', dir]);
    assert.equal(locked.code, 1);
    assert.match(locked.err, /locked, most likely by a running server/);
    assert.match(locked.err, /--server http:\/\/localhost:3000 --key KEY/);

    const refused = run(['create', example, ...asReader]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /the server answered 403: this route needs a key with scope admin; this key has read/);

    const made = run(['create', example, '--json', ...asAdmin]);
    assert.equal(made.code, 0, made.err);
    const detail = JSON.parse(made.out) as JourneyDetail;
    assert.equal(detail.status, 'draft');
    assert.equal(detail.name, 'Abandoned cart');
    const id = detail.id;
    assert.match(id, /^abandoned-cart-[0-9a-f]{6}$/);

    // A broken file: the server's 400 names the field, with the message validate gives without a server.
    const broken = JSON.parse(readFileSync(example, 'utf8'));
    broken.steps[0].timeout = '4 hours';
    const brokenFile = join(dir, 'broken.json');
    writeFileSync(brokenFile, JSON.stringify(broken));
    const localIssue = /steps\.0\.timeout: (.+)/.exec(run(['validate', brokenFile]).out)![1]!;
    const bad = run(['create', brokenFile, ...asAdmin]);
    assert.equal(bad.code, 1);
    assert.ok(bad.err.includes(`the server answered 400: invalid journey: steps.0.timeout: ${localIssue}`), bad.err);
    const remoteValidate = run(['validate', brokenFile, ...asReader]);
    assert.equal(remoteValidate.code, 1);
    assert.ok(remoteValidate.out.includes(`steps.0.timeout: ${localIssue}`), remoteValidate.out);
    assert.equal(run(['validate', example, ...asReader]).code, 0);

    assert.equal(run(['publish', id, ...asReader]).code, 1, 'a read key cannot publish');
    const published = run(['publish', id, ...asAdmin]);
    assert.equal(published.code, 0, published.err);
    assert.match(published.out, /version 1 is live/);

    const list = run(['list', ...asReader]);
    assert.equal(list.code, 0, list.err);
    assert.match(list.out, new RegExp(`${id}\\s+Abandoned cart\\s+live\\s+v1\\s+event`));
    const show = run(['show', id, ...asReader]);
    assert.equal(show.code, 0, show.err);
    assert.match(show.out, /status live, version 1 takes new entries/);
    assert.match(show.out, /reminder_email\s+send\s+Reminder email/);

    // A cart added: the server's worker enters the person into the live version; stats and runs show them waiting.
    const track = await fetch(`${server.url}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${collect.secret}:`).toString('base64')}` },
      body: JSON.stringify({ userId: 'u1', event: 'Product Added', properties: { cart_id: 'c1', sku: 'TENT-2' }, traits: { email: 'u1@example.com' } }),
    });
    assert.equal(track.status, 200, await track.text());
    let stats: JourneyStats | undefined;
    for (const until = Date.now() + 60_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
      const s = run(['stats', id, '--json', ...asReader]);
      assert.equal(s.code, 0, s.err);
      stats = JSON.parse(s.out) as JourneyStats;
      if (stats.entered > 0) break;
    }
    assert.equal(stats!.entered, 1, 'the person entered within 60 s');
    assert.deepEqual(stats!.steps.map((s) => [s.stepId, s.reached, s.waiting]), [['wait_for_order', 1, 1], ['sending_hours', 0, 0], ['reminder_email', 0, 0]]);
    const statsText = run(['stats', id, ...asReader]);
    assert.match(statsText.out, /entered 1, running 1 \(waiting 1/);
    assert.match(statsText.out, /wait_for_order\s+waitForEvent\s+Order with this cart\?\s+1\s+1/);
    const runs = run(['runs', id, '--status', 'waiting', ...asReader]);
    assert.equal(runs.code, 0, runs.err);
    assert.match(runs.out, /\s1\s+waiting\s+wait_for_order\s+\d{4}-.*c1/);
    assert.match(run(['messages', '--journey', id, ...asReader]).out, /No messages/);

    const resumeLive = run(['resume', id, ...asAdmin]);
    assert.equal(resumeLive.code, 1);
    assert.match(resumeLive.err, /the server answered 409: the journey ".+" is live; only a paused journey can be resumed/);
    assert.match(run(['pause', id, ...asAdmin]).out, /is paused/);
    assert.match(run(['list', ...asReader], {}).out, /paused/);
    // The key may come from TRAILMAP_API_KEY.
    assert.match(run(['resume', id, '--server', server.url], { TRAILMAP_API_KEY: admin.secret }).out, /is live/);
    assert.match(run(['show', 'nope', ...asReader]).err, /the server answered 404: no journey has the id "nope"/);
    const unreachable = run(['list', '--server', 'http://127.0.0.1:9', '--key', read.secret]);
    assert.equal(unreachable.code, 1);
    assert.match(unreachable.err, /could not reach the server http:\/\/127\.0\.0\.1:9/);

    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    const reopened = await openStateStore({ setting: 'embedded', dataDir: dir });
    try {
      const log = (await listAudit(reopened.state, { limit: 50, actor: `key:${admin.key.id}` })).entries.filter((e) => e.target === `journey:${id}`).map((e) => e.action).reverse();
      assert.deepEqual(log, ['journey.create', 'journey.publish', 'journey.pause', 'journey.resume']);
    } finally {
      await reopened.state.close();
    }
  } finally {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
