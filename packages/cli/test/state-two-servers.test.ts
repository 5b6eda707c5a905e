import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listInterventionEstimates, openStateStore } from '@trailmap/state';
import { startPostgres, type TestPostgres } from '@trailmap/state/test-support';

const bin = fileURLToPath(new URL('../../../../bin/trailmap.js', import.meta.url));

interface Server {
  url: string;
  dir: string;
  out: () => string;
  child: ChildProcess;
}

/** `trailmap start` as its own process, on its own data directory and port, state in `stateUrl`. */
function startServer(stateUrl: string): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-two-'));
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', TRAILMAP_STATE: stateUrl, TRAILMAP_DEMO_EVENTS: '0', LOG_LEVEL: 'warn', TRAILMAP_LOAD_EVERY_MS: '100' };
  delete env.TRAILMAP_WRITE_KEY;
  delete env.TRAILMAP_READ_KEY;
  const child = spawn(process.execPath, [bin, 'start', '--data', dir, '--no-demo'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m && /API keys/.test(out)) resolve({ url: m[1]!, dir, out: () => out, child });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`trailmap start exited ${code}: ${out}`)));
    setTimeout(() => reject(new Error(`no start in 90 s: ${out}`)), 90_000).unref();
  });
}

async function stop(s: Server) {
  if (s.child.exitCode === null) {
    s.child.kill('SIGTERM');
    await new Promise((r) => s.child.once('exit', r));
  }
  rmSync(s.dir, { recursive: true, force: true });
}

let pg: TestPostgres;
let stateUrl: string;
let a: Server;
let b: Server;
let read: string;
let write: string;

before(async () => {
  pg = await startPostgres();
  stateUrl = await pg.createDatabase('two_servers');
  // Both at once: the migrations and the first keys race on purpose.
  [a, b] = await Promise.all([startServer(stateUrl), startServer(stateUrl)]);
  // The keys are stored hashed: only the process that made them knows (and wrote) their secrets.
  const made = [a, b].filter((s) => existsSync(join(s.dir, 'keys.json')));
  assert.equal(made.length, 1, 'the keys were made by one process');
  assert.equal([a.out(), b.out()].filter((o) => o.includes('new API keys')).length, 1, 'the keys were made by one process');
  const ka = JSON.parse(readFileSync(join(made[0]!.dir, 'keys.json'), 'utf8'));
  read = `Bearer ${ka.readKey}`;
  write = `Basic ${Buffer.from(ka.writeKey + ':').toString('base64')}`;
});
after(async () => {
  await Promise.all([a && stop(a), b && stop(b)]);
  await pg?.stop();
});

async function call(server: Server, method: string, path: string, body?: unknown, auth = read) {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as any;
  assert.ok(res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

test('two server processes on one PostgreSQL state store: concurrent note creates and patches are neither lost nor doubled', async () => {
  const made = await Promise.all(Array.from({ length: 40 }, (_, i) => call(i % 2 ? b : a, 'POST', '/v1/journey-notes', { stage: 'conversion', text: `note ${i}` })));
  assert.equal(new Set(made.map((n) => n.id)).size, 40);
  // Every note is patched on the other server, twice over (owner, then status), all at once.
  await Promise.all(made.flatMap((n, i) => [call(i % 2 ? a : b, 'PATCH', `/v1/journey-notes/${n.id}`, { owner: `owner ${i}` }), call(i % 2 ? b : a, 'PATCH', `/v1/journey-notes/${n.id}`, { status: 'in_progress' })]));
  // One note, four fields, four requests split over the two processes at the same moment.
  const shared = made[0];
  await Promise.all([
    call(a, 'PATCH', `/v1/journey-notes/${shared.id}`, { lane: 'backstage' }),
    call(b, 'PATCH', `/v1/journey-notes/${shared.id}`, { kind: 'idea' }),
    call(a, 'PATCH', `/v1/journey-notes/${shared.id}`, { channel: 'web' }),
    call(b, 'PATCH', `/v1/journey-notes/${shared.id}`, { touchpoint: 'Checkout' }),
  ]);
  for (const server of [a, b]) {
    const { notes } = await call(server, 'GET', '/v1/journey-notes');
    assert.equal(notes.length, 40, 'none lost, none doubled');
    assert.deepEqual(notes.map((n: any) => n.text).sort(), made.map((n) => n.text).sort());
    for (const n of notes) {
      assert.equal(n.status, 'in_progress');
      assert.equal(n.owner, `owner ${Number(n.text.split(' ')[1])}`);
    }
    const s = notes.find((n: any) => n.id === shared.id);
    assert.deepEqual([s.lane, s.kind, s.channel, s.touchpoint, s.owner], ['backstage', 'idea', 'web', 'Checkout', 'owner 0']);
  }
});

test('two server processes: concurrent intervention estimates on both keep every parameter of every id', async () => {
  const ids = Array.from({ length: 15 }, (_, i) => `fix_drop_off:Step ${i}`);
  const answers = await Promise.all(
    ids.flatMap((id, i) => [
      call(a, 'PUT', `/v1/interventions/${encodeURIComponent(id)}`, { feasibility: 0.5 }),
      call(b, 'PUT', `/v1/interventions/${encodeURIComponent(id)}`, { cost: 1000 + i }),
      call(i % 2 ? a : b, 'PUT', `/v1/interventions/${encodeURIComponent(id)}`, { share: 0.25 }),
    ]),
  );
  assert.equal(answers.length, 45);
  await call(b, 'DELETE', `/v1/interventions/${encodeURIComponent(ids[14]!)}`);
  const { state } = await openStateStore({ setting: stateUrl, dataDir: '/nonexistent' });
  try {
    const all = await listInterventionEstimates(state);
    assert.deepEqual(Object.keys(all).sort(), ids.slice(0, 14).sort());
    for (const [i, id] of ids.slice(0, 14).entries()) assert.deepEqual(all[id], { feasibility: 0.5, cost: 1000 + i, share: 0.25 }, id);
  } finally {
    await state.close();
  }
});

test("two server processes: one's catalogue edit is used by the other; the same file uploaded to both is first on exactly one", async () => {
  const rule = { match: { event: '^loyalty card' }, set: { touchpoint: 'Loyalty card', channel: 'store', type: 'physical', stage: 'loyalty' } };
  await call(a, 'PUT', '/v1/touchpoints/rules', { rules: [rule] });
  assert.deepEqual((await call(b, 'GET', '/v1/touchpoints/rules')).edited, [rule]);
  await call(b, 'POST', '/v1/track', { userId: 'u1', event: 'Loyalty Card Scanned', messageId: 'two-m1' }, write);
  const tp = (await call(b, 'GET', '/v1/touchpoints')).touchpoints.find((t: any) => t.event === 'Loyalty Card Scanned' || t.touchpoint === 'Loyalty card');
  assert.deepEqual([tp.touchpoint, tp.channel, tp.stage], ['Loyalty card', 'store', 'loyalty'], 'B classifies with the rule A saved');

  const csv = 'type,userId,event,timestamp,messageId\ntrack,f1,Order Completed,2026-05-01T10:00:00Z,file-m1\n';
  const upload = (s: Server) =>
    fetch(`${s.url}/v1/files?name=orders.csv`, { method: 'POST', headers: { authorization: write, 'content-type': 'text/csv' }, body: csv }).then(async (r) => {
      assert.equal(r.status, 200);
      return (await r.json()) as { alreadyImported: boolean };
    });
  const reports = await Promise.all([upload(a), upload(b), upload(a), upload(b)]);
  assert.deepEqual(reports.map((r) => r.alreadyImported).filter((x) => !x).length, 1, 'one first import across the two processes');
});
