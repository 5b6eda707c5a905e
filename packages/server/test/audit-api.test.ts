import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditAnswer } from '@trailmap/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMemoryState, type StateStore } from '@trailmap/state';
import { openTestStore } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { createKey } from '../src/auth/key-admin.js';
import { basic, KEYS, post } from './support/test-server.js';

// The audit log over HTTP on the engine under test: every read of one person's data is recorded
// with who, what, when and from where, by the person's keyed reference — and the log itself holds
// none of their personal data.
let srv: { url: string };
let dir: string;
let store: EventStore;
let state: StateStore;
let app: FastifyInstance;
let adminKey: string;
const PEOPLE = [
  { userId: 'audit-ana-4711', anonymousId: 'anon-ana-device-1', email: 'ana.lima@example.com' },
  { userId: 'audit-bo-0815', anonymousId: 'anon-bo-device-9', email: 'bo.chen@example.cn' },
];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-audit-'));
  store = await openTestStore(dir);
  state = await openMemoryState();
  app = buildApp({ store, state, keys: KEYS, logLevel: 'silent' });
  srv = { url: await app.listen({ port: 0, host: '127.0.0.1' }) };
  adminKey = (await createKey(state, { name: 'auditor', scopes: ['admin'] }, { actor: 'cli' })).secret;
  const batch = PEOPLE.flatMap((p, i) => [
    { type: 'identify', userId: p.userId, anonymousId: p.anonymousId, traits: { email: p.email, name: `Person ${i}` }, timestamp: '2026-11-01T10:00:00Z', messageId: `aud-id-${i}` },
    { type: 'track', userId: p.userId, event: 'Order Completed', properties: { revenue: 10 }, timestamp: '2026-11-02T10:00:00Z', messageId: `aud-t-${i}` },
  ]);
  const r = await post(srv.url, '/v1/batch', { batch }, basic(KEYS.writeKey));
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
after(async () => {
  await app.close();
  await store.close();
  await state.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string, path: string, auth: string | null = `Bearer ${KEYS.readKey}`) => {
  const res = await fetch(url + path, { headers: auth ? { authorization: auth } : {} });
  return { status: res.status, body: (await res.json()) as any };
};

const audit = async (q = '') => {
  const r = await get(srv.url, `/v1/audit${q}`, `Bearer ${adminKey}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as AuditAnswer;
};
const personId = async (userId: string) => {
  const r = await get(srv.url, `/v1/people?q=${encodeURIComponent(userId)}`);
  return (r.body as { people: Array<{ personId: string }> }).people[0]!.personId;
};

test('profile reads and exports are recorded: actor, origin, a stable keyed person reference, no personal data', async () => {
  const [ana, bo] = [await personId(PEOPLE[0]!.userId), await personId(PEOPLE[1]!.userId)];
  const before = (await audit()).entries.length;
  for (const id of [ana, ana, bo]) assert.equal((await get(srv.url, `/v1/profiles/${encodeURIComponent(id)}`)).status, 200);
  assert.equal((await get(srv.url, '/v1/profiles/nobody-at-all')).status, 404);
  const csv = await fetch(`${srv.url}/v1/people?format=csv`, { headers: { authorization: `Bearer ${KEYS.readKey}` } });
  assert.equal(csv.status, 200);
  await csv.text();

  const log = await audit();
  assert.equal(log.entries.length - before, 4, 'three profile reads and one export; a 404 read nobody');
  const reads = (await audit('?action=profile.read')).entries;
  assert.equal(reads.length, 3);
  for (const e of reads) {
    assert.match(e.actor, /^key:/, 'the read key, by its id');
    assert.ok(!e.actor.includes(KEYS.readKey), 'never the secret');
    assert.equal(e.origin, '127.0.0.1');
    assert.equal(e.outcome, 'ok');
    assert.match(e.target!, /^person:[0-9a-f]{32}$/);
  }
  // Newest first: bo, ana, ana. The same person gives the same reference, another person another.
  assert.equal(reads[1]!.target, reads[2]!.target);
  assert.notEqual(reads[0]!.target, reads[1]!.target);
  assert.deepEqual((await audit(`?target=${reads[1]!.target}`)).entries.map((e) => e.action), ['profile.read', 'profile.read'], 'all reads of one person, found by their reference');
  const [exp] = (await audit('?action=people.')).entries;
  assert.equal(exp!.action, 'people.export');
  assert.deepEqual(exp!.detail, { people: 2, total: 2 });

  const text = JSON.stringify(log);
  for (const p of PEOPLE) for (const v of [p.userId, p.anonymousId, p.email]) assert.ok(!text.includes(v), `the audit log never holds ${v}`);
  for (const id of [ana, bo]) assert.ok(!text.includes(id), 'nor the raw person id');
});

test('the audit query is validated: a 400 names the field; paging walks every line once', async () => {
  for (const [q, field] of [['?limit=0', 'limit'], ['?since=yesterday', 'since'], ['?outcome=maybe', 'outcome'], ['?colour=red', 'colour']] as const) {
    const r = await get(srv.url, `/v1/audit${q}`, `Bearer ${adminKey}`);
    assert.equal(r.status, 400, q);
    assert.match(JSON.stringify(r.body), new RegExp(field), `${q} names ${field}`);
  }
  const all = (await audit('?limit=1000')).entries.map((e) => e.id);
  const paged: number[] = [];
  let before = '';
  for (;;) {
    const page = await audit(`?limit=2${before}`);
    paged.push(...page.entries.map((e) => e.id));
    if (page.next === null) break;
    before = `&before=${page.next}`;
  }
  assert.deepEqual(paged, all);
  assert.ok(all.length >= 4);
});

test('reading the audit log needs the admin scope: no key 401, the read key 403', async () => {
  assert.equal((await get(srv.url, '/v1/audit', null)).status, 401);
  assert.equal((await get(srv.url, '/v1/audit')).status, 403);
});

test('retention over HTTP: the admin runs it and reads its last run; the read key may not', async () => {
  const admin = { authorization: `Bearer ${adminKey}` };
  assert.deepEqual((await get(srv.url, '/v1/privacy/retention', `Bearer ${adminKey}`)).body, { config: { events: [], everyHours: 24 }, lastRun: null });
  const run = await fetch(`${srv.url}/v1/privacy/retention/run`, { method: 'POST', headers: admin });
  assert.equal(run.status, 200, await run.clone().text());
  const r = (await run.json()) as { events: unknown[]; ranAt: string };
  assert.deepEqual(r.events, [], 'no rules configured: nothing deleted');
  const shown = (await get(srv.url, '/v1/privacy/retention', `Bearer ${adminKey}`)).body as { lastRun: { ranAt: string } };
  assert.equal(shown.lastRun.ranAt, r.ranAt);
  const [line] = (await audit('?action=retention.run')).entries;
  assert.match(line!.actor, /^key:/);
  assert.equal(line!.origin, '127.0.0.1');
  assert.equal((await fetch(`${srv.url}/v1/privacy/retention/run`, { method: 'POST', headers: { authorization: `Bearer ${KEYS.readKey}` } })).status, 403);
});
