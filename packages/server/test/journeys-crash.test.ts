import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { journeyDefinitionSchema } from '@trailmap/core';
import { createJourney, openStateStore, publishJourney, type StateStore } from '@trailmap/state';
import { startPostgres, type TestPostgres } from '@trailmap/state/test-support';
import { createKey } from '../src/auth/key-admin.js';
import { startSmtpPeer } from './support/journey-rig.js';
import { basic } from './support/test-server.js';

// Kill -9 of real Trailmap processes in the middle of journey work, again and again, then count
// what a real SMTP peer and a real webhook receiver got: every message arrives, none is made up,
// and each carries one idempotency key however often it was sent (Message-ID / Idempotency-Key).
// Embedded: the server itself does the work and is killed. PostgreSQL: three `trailmap worker`
// processes do it (the server only loads their events) and are killed one after another.

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));
const WRITE_KEY = 'tm_write_crash_journeys_1';
const READ_KEY = 'tm_read_crash_journeys_1';
const SECRET = 'whsec_crash_test_0123456789';
const PEOPLE = 40;

const journey = journeyDefinitionSchema.parse({
  name: 'Welcome',
  trigger: { type: 'event', event: 'Signed Up' },
  start: 'hello',
  steps: [
    { id: 'hello', type: 'send', channel: 'email', template: { subject: { en: 'Welcome {{ person.traits.name }}' }, body: { en: '<p>Hi</p>' } }, next: 'crm' },
    { id: 'crm', type: 'webhook', url: 'http://127.0.0.1:1/replaced-in-before', next: 'pause' },
    { id: 'pause', type: 'wait', duration: '1s', next: 'tips' },
    { id: 'tips', type: 'send', channel: 'email', template: { subject: { en: 'Tips for {{ person.traits.name }}' }, body: { en: '<p>Tips</p>' } }, next: null },
  ],
});

/** What the receivers got: every delivery, by its idempotency key. */
class Deliveries {
  raw: string[] = [];
  add(key: string): void {
    this.raw.push(key);
  }
  get distinct(): Set<string> {
    return new Set(this.raw);
  }
}

async function startWebhookReceiver(got: Deliveries) {
  const server = createServer((req, res) => {
    req.on('error', () => undefined); // a worker killed mid-request resets it
    req.resume();
    req.on('end', () => {
      got.add(String(req.headers['idempotency-key']));
      res.writeHead(200).end('ok');
    });
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

interface Child {
  proc: ChildProcess;
  ready: Promise<string>;
  log: () => string;
}

function spawnTrailmap(args: string[], env: Record<string, string>, readyPattern: RegExp): Child {
  const proc = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = readyPattern.exec(out);
      if (m) resolve(m[1] ?? m[0]);
    });
    proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code, signal) => reject(new Error(`trailmap ${args[0]} exited (${code ?? signal}) before it was ready:\n${out}`)));
    setTimeout(() => reject(new Error(`trailmap ${args[0]} not ready in 60 s:\n${out}`)), 60_000).unref();
  });
  ready.catch(() => undefined);
  return { proc, ready, log: () => out };
}

const killed = (c: Child) =>
  new Promise<void>((resolve) => {
    if (c.proc.exitCode !== null || c.proc.signalCode !== null) return resolve();
    c.proc.once('exit', () => resolve());
    c.proc.kill('SIGKILL');
  });
const stopped = (c: Child) =>
  new Promise<void>((resolve) => {
    if (c.proc.exitCode !== null || c.proc.signalCode !== null) return resolve();
    c.proc.once('exit', () => resolve());
    c.proc.kill('SIGTERM');
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function signUps() {
  const at = new Date().toISOString();
  return Array.from({ length: PEOPLE }, (_, i) => [
    { type: 'identify', userId: `crash-${i}`, traits: { email: `crash-${i}@example.test`, name: `P${i}` }, timestamp: at, messageId: `crash-id-${i}` },
    { type: 'track', userId: `crash-${i}`, event: 'Signed Up', timestamp: at, messageId: `crash-su-${i}` },
  ]).flat();
}

async function postBatch(url: string, batch: unknown[]): Promise<void> {
  const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(WRITE_KEY) }, body: JSON.stringify({ batch }) });
  assert.equal(res.status, 200, await res.text());
}

async function seed(state: StateStore, hookUrl: string): Promise<string> {
  const def = { ...journey, steps: journey.steps.map((s) => (s.type === 'webhook' ? { ...s, url: hookUrl } : s)) };
  await createJourney(state, { id: 'welcome', name: def.name, draft: def, at: new Date() });
  await publishJourney(state, 'welcome', new Date());
  return (await createKey(state, { name: 'workers', scopes: ['admin'] }, { actor: 'cli' })).secret;
}

/** Every person's run sends two emails (and one webhook). */
const EMAILS = PEOPLE * 2;

async function waitFor(done: () => boolean, ms: number, what: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out: ${what()}`);
    await sleep(200);
  }
}

describe('journeys survive kill -9 of the processes doing the work', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
  before(async () => (smtp = await startSmtpPeer()));
  after(async () => smtp?.close());

  /** The idempotency keys of the emails received since mail number `from`. */
  const keysSince = (from: number) => new Set(smtp.mails.slice(from).map((m) => /^X-Trailmap-Message:\s*(.*)$/im.exec(m.raw)?.[1]?.trim() ?? 'none'));
  const check = (hooks: Deliveries, label: string, from: number) => {
    const mails = smtp.mails.slice(from);
    const keys = keysSince(from);
    // Run ids are `<journey>.<input id>`: the keys are checked by shape and count (each person: hello, tips), and each person got both.
    assert.equal(keys.size, EMAILS, `${label}: distinct emails`);
    for (const k of keys) assert.match(k, /^welcome\.\d+:(hello|tips):1$/);
    for (let i = 0; i < PEOPLE; i++) {
      const to = `crash-${i}@example.test`;
      const subjects = new Set(mails.filter((m) => m.to.includes(to)).map((m) => m.subject));
      assert.deepEqual([...subjects].sort(), [`Tips for P${i}`, `Welcome P${i}`], `${label}: ${to}`);
    }
    assert.equal(hooks.distinct.size, PEOPLE, `${label}: distinct webhooks`);
    for (const k of hooks.distinct) assert.match(k, /^welcome\.\d+:crm:1$/);
    // Copies (sent again after a kill between the send and its record) carry the same key: the receiver drops them.
    return { emails: mails.length, distinctEmails: keys.size, webhooks: hooks.raw.length, distinctWebhooks: hooks.distinct.size };
  };

  test('embedded: the server killed again and again while it sends', async () => {
    const hooks = new Deliveries();
    const receiver = await startWebhookReceiver(hooks);
    const dir = mkdtempSync(join(tmpdir(), 'trailmap-crash-journeys-'));
    const from = smtp.mails.length;
    try {
      writeFileSync(join(dir, 'trailmap.config.json'), JSON.stringify({ journeys: { quietHours: null, frequencyCap: null } }));
      const { state } = await openStateStore({ setting: 'embedded', dataDir: dir });
      await seed(state, receiver.url);
      await state.close();
      const env = { PORT: '0', HOST: '127.0.0.1', TRAILMAP_WRITE_KEY: WRITE_KEY, TRAILMAP_READ_KEY: READ_KEY, TRAILMAP_SMTP_URL: smtp.url, TRAILMAP_WEBHOOK_SECRET: SECRET, TRAILMAP_JOURNEYS_LEASE_MS: '1500', TRAILMAP_JOURNEYS_SEND_TIMEOUT_MS: '1000' };
      const start = () => spawnTrailmap(['start', '--no-demo', '--data', dir, '--config', join(dir, 'trailmap.config.json')], env, /serving (http:\/\/\S+)/);
      let server = start();
      await postBatch(await server.ready, signUps());
      let kills = 0;
      for (; kills < 8 && keysSince(from).size < EMAILS; kills++) {
        await sleep(300 + Math.floor(Math.random() * 900));
        await killed(server);
        server = start();
        await server.ready;
      }
      await waitFor(() => keysSince(from).size >= EMAILS && hooks.distinct.size >= PEOPLE, 60_000, () => `${keysSince(from).size} emails, ${hooks.distinct.size} webhooks\n${server.log()}`);
      await sleep(1500); // anything still in flight arrives (and would be counted) before the check
      const counts = check(hooks, 'embedded', from);
      console.log(`# embedded: ${kills} kills; ${JSON.stringify(counts)}`);
      await stopped(server);
    } finally {
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL with three workers', () => {
    let pg: TestPostgres;
    before(async () => (pg = await startPostgres()));
    after(async () => pg?.stop());

    test('three trailmap worker processes, killed one after another while they work', async () => {
      const hooks = new Deliveries();
      const receiver = await startWebhookReceiver(hooks);
      const dir = mkdtempSync(join(tmpdir(), 'trailmap-crash-workers-'));
      const from = smtp.mails.length;
      const url = await pg.createDatabase();
      const children: Child[] = [];
      try {
        writeFileSync(join(dir, 'trailmap.config.json'), JSON.stringify({ journeys: { quietHours: null, frequencyCap: null } }));
        const { state } = await openStateStore({ setting: url, dataDir: dir });
        const adminKey = await seed(state, receiver.url);
        await state.close();
        const env = { TRAILMAP_STATE: url, TRAILMAP_SMTP_URL: smtp.url, TRAILMAP_WEBHOOK_SECRET: SECRET, TRAILMAP_JOURNEYS_LEASE_MS: '1500', TRAILMAP_JOURNEYS_SEND_TIMEOUT_MS: '1000' };
        const server = spawnTrailmap(['start', '--no-demo', '--data', dir, '--config', join(dir, 'trailmap.config.json')], { ...env, PORT: '0', HOST: '127.0.0.1', TRAILMAP_WRITE_KEY: WRITE_KEY, TRAILMAP_READ_KEY: READ_KEY, TRAILMAP_JOURNEYS_WORKER: 'off' }, /serving (http:\/\/\S+)/);
        children.push(server);
        const base = await server.ready;
        const worker = (n: number) => spawnTrailmap(['worker', '--server', base, '--key', adminKey, '--every-ms', '100', '--name', `w${n}`, '--config', join(dir, 'trailmap.config.json')], env, /trailmap worker (\S+):/);
        const workers = [worker(0), worker(1), worker(2)];
        children.push(...workers);
        await Promise.all(workers.map((w) => w.ready));
        await postBatch(base, signUps());
        let kills = 0;
        for (; kills < 9 && keysSince(from).size < EMAILS; kills++) {
          await sleep(250 + Math.floor(Math.random() * 600));
          const k = kills % 3;
          await killed(workers[k]!);
          workers[k] = worker(k);
          children.push(workers[k]!);
          await workers[k]!.ready;
        }
        await waitFor(() => keysSince(from).size >= EMAILS && hooks.distinct.size >= PEOPLE, 60_000, () => `${smtp.mails.length - from} emails, ${hooks.distinct.size} webhooks\n${workers.map((w) => w.log()).join('\n')}`);
        await sleep(1500);
        const counts = check(hooks, 'postgres', from);
        console.log(`# postgres, 3 workers: ${kills} kills; ${JSON.stringify(counts)}`);
      } finally {
        await Promise.all(children.map(stopped));
        await receiver.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
