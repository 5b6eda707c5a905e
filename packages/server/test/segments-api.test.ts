import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '@trailmap/core';
import { basic, get, KEYS, post, startTestServer } from './support/test-server.js';

// Saved segments over HTTP on the engine under test (TRAILMAP_WAREHOUSE): preview, save, members
// kept current as events arrive, the membership history, size over time, overlap, CSV, and the
// errors a user meets. The server's clock is the test's (`now`), so relative rules move with it.
let srv: Awaited<ReturnType<typeof startTestServer>>;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
let clock = T0 + 40 * DAY;
const write = basic(KEYS.writeKey);
const read = `Bearer ${KEYS.readKey}`;
const at = (d: number) => new Date(T0 + d * DAY).toISOString();
const send = async (batch: unknown[]) => {
  const r = await post(srv.url, '/v1/batch', { batch }, write);
  assert.equal(r.status, 200, JSON.stringify(r.body));
};
const order = (user: string, day: number, n: number) => ({ type: 'track', userId: user, event: 'Order Completed', properties: { revenue: 10 * n }, timestamp: at(day), messageId: `${user}-o-${day}-${n}` });
const plan = (user: string, day: number, value: string) => ({ type: 'identify', userId: user, traits: { plan: value }, timestamp: at(day), messageId: `${user}-plan-${day}` });

/** person id → user id, from the people list. */
let users = new Map<string, string>();
const refreshUsers = async () => {
  const r = await get(srv.url, '/v1/people?q=sg-&limit=100');
  users = new Map((r.body.people as Array<{ personId: string; identities: string[] }>).map((p) => [p.personId, p.identities.find((i) => i.startsWith('user:'))!.slice(5)]));
};
const named = (ids: string[]) => ids.map((id) => users.get(id) ?? `?${id}`).sort();
const members = async (key: string, q = '') => {
  const r = await get(srv.url, `/v1/segments/${key}/members${q}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as { total: number; members: Array<{ personId: string; enteredAt: string; exitedAt: string | null }> };
};

before(async () => {
  srv = await startTestServer({ now: () => clock });
  await send([
    order('sg-ana', 1, 1), order('sg-ana', 2, 1), order('sg-ana', 30, 1),
    order('sg-bo', 35, 1),
    plan('sg-ana', 0, 'pro'), plan('sg-cy', 0, 'pro'), plan('sg-bo', 0, 'free'),
    { type: 'track', userId: 'sg-cy', event: 'Product Viewed', timestamp: at(38), messageId: 'sg-cy-v' },
  ]);
  await refreshUsers();
});
after(async () => srv.close());

const buyers = { performed: { event: 'Order Completed' }, atLeast: 2 };

test('preview counts a rule before it is saved and says whether it is realtime or batch', async () => {
  const r = await post(srv.url, '/v1/segments/preview', { rule: buyers }, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.count, named(r.body.sample), r.body.timing], [1, ['sg-ana'], 'realtime']);
  const recent = await post(srv.url, '/v1/segments/preview', { rule: { performed: { event: 'Order Completed' }, within: '7d' } }, read);
  assert.deepEqual([recent.body.count, named(recent.body.sample), recent.body.timing], [1, ['sg-bo'], 'batch'], 'ordered in the 7 days before the clock (day 40): only Bo (day 35)');
  const past = await post(srv.url, '/v1/segments/preview', { rule: buyers, asOf: at(1.5) }, read);
  assert.equal(past.body.count, 0, 'at noon on day 1 Ana had ordered once');
});

test('saving computes the members; they follow the events that arrive over HTTP, entries and exits kept', async () => {
  const created = await post(srv.url, '/v1/segments', { key: 'repeat-buyers', name: 'Repeat buyers', rule: buyers }, read);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual([created.body.key, created.body.size, created.body.timing, created.body.description], ['repeat-buyers', 1, 'realtime', '']);
  const pro = await post(srv.url, '/v1/segments', { key: 'pro', name: 'Pro plan', rule: { trait: 'plan', value: 'pro' } }, read);
  assert.equal(pro.status, 201);
  assert.deepEqual(named((await members('pro')).members.map((m) => m.personId)), ['sg-ana', 'sg-cy']);

  // Bo orders again and Cy moves to the free plan: the server's refresher notices the new data by itself.
  await send([order('sg-bo', 39, 2), plan('sg-cy', 39, 'free')]);
  const deadline = Date.now() + 30_000;
  let seen: [number, number] = [0, 0];
  while (Date.now() < deadline) {
    seen = [(await members('repeat-buyers')).total, (await members('pro')).total];
    if (seen[0] === 2 && seen[1] === 1) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.deepEqual(seen, [2, 1], 'Bo entered repeat-buyers, Cy left pro, without anyone asking');
  assert.deepEqual(named((await members('repeat-buyers')).members.map((m) => m.personId)), ['sg-ana', 'sg-bo']);
  // The profile lists the segments a person is in now.
  const boId = (await members('repeat-buyers')).members.find((m) => users.get(m.personId) === 'sg-bo')!.personId;
  const profile = await fetch(`${srv.url}/v1/profiles/${encodeURIComponent(boId)}`, { headers: { authorization: read } }).then((r) => r.json() as Promise<{ segments: Array<{ key: string }> }>);
  assert.deepEqual(profile.segments.map((x: { key: string }) => x.key), ['repeat-buyers'], 'Bo is in repeat-buyers only (not pro)');
  const cyId = [...users].find(([, u]) => u === 'sg-cy')![0];
  const cy = await fetch(`${srv.url}/v1/profiles/${encodeURIComponent(cyId)}`, { headers: { authorization: read } }).then((r) => r.json() as Promise<{ segments: Array<{ key: string }> }>);
  assert.deepEqual(cy.segments, [], 'Cy left pro and is in no segment');

  const history = await members('pro', '?history=1');
  const stays = history.members.map((m) => [users.get(m.personId), m.exitedAt === null ? 'in' : 'left']).sort();
  assert.deepEqual(stays, [['sg-ana', 'in'], ['sg-cy', 'left']]);
  for (const m of history.members) assert.equal(m.enteredAt, new Date(T0 + 40 * DAY).toISOString(), 'entered when the segment was first computed');
  const left = history.members.find((m) => users.get(m.personId) === 'sg-cy')!;
  assert.equal(left.exitedAt, new Date(clock).toISOString());

  const csv = await fetch(`${srv.url}/v1/segments/pro/members?history=1&format=csv`, { headers: { authorization: read } });
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
  assert.match(csv.headers.get('content-disposition') ?? '', /segment-pro\.csv/);
  const rows = parseCsv(await csv.text());
  assert.deepEqual(rows[0], ['person_id', 'entered_at', 'exited_at']);
  assert.deepEqual(rows.slice(1).map((r) => [users.get(r[0]!), r[2] === '' ? 'in' : 'left']).sort(), stays);
});

test('batch rules move with the clock on refresh; size over time adds up the entries and exits', async () => {
  const recent = await post(srv.url, '/v1/segments', { key: 'recent-buyers', name: 'Ordered this week', rule: { performed: { event: 'Order Completed' }, within: '7d' } }, read);
  assert.equal(recent.status, 201, JSON.stringify(recent.body));
  assert.deepEqual([recent.body.timing, recent.body.size], ['batch', 1]);
  clock += 30 * DAY; // nobody ordered in the 7 days before day 70
  const r = await post(srv.url, '/v1/segments/refresh', {}, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const change = (r.body.refreshed as Array<{ key: string; size: number; entered: number; exited: number }>).find((x) => x.key === 'recent-buyers');
  assert.deepEqual(change, { key: 'recent-buyers', size: 0, entered: 0, exited: 1 });
  const size = await get(srv.url, '/v1/segments/recent-buyers/size');
  assert.equal(size.status, 200);
  assert.deepEqual(size.body.days, [
    { day: at(40).slice(0, 10), size: 1, entered: 1, exited: 0 },
    { day: at(70).slice(0, 10), size: 0, entered: 0, exited: 1 },
  ]);
  const seg = await get(srv.url, '/v1/segments/recent-buyers');
  assert.deepEqual([seg.body.size, seg.body.refreshedAt], [0, new Date(clock).toISOString()]);
});

test('segments built from segments; overlap; the list', async () => {
  const both = await post(srv.url, '/v1/segments', { key: 'pro-repeat', name: 'Pro and repeat', rule: { all: [{ inSegment: 'pro' }, { inSegment: 'repeat-buyers' }] } }, read);
  assert.equal(both.status, 201, JSON.stringify(both.body));
  assert.equal(both.body.size, 1);
  const notPro = await post(srv.url, '/v1/segments/preview', { rule: { all: [{ inSegment: 'repeat-buyers' }, { notInSegment: 'pro' }] } }, read);
  assert.deepEqual(named(notPro.body.sample), ['sg-bo']);
  const overlap = await get(srv.url, '/v1/segments/overlap?a=pro&b=repeat-buyers');
  assert.equal(overlap.status, 200, JSON.stringify(overlap.body));
  assert.deepEqual(overlap.body, { a: { key: 'pro', size: 1 }, b: { key: 'repeat-buyers', size: 2 }, both: 1, jaccard: 0.5 });
  const list = await get(srv.url, '/v1/segments');
  assert.deepEqual((list.body.segments as Array<{ key: string }>).map((s) => s.key).sort(), ['pro', 'pro-repeat', 'recent-buyers', 'repeat-buyers']);
});

test('errors name what is wrong: rule fields, unknown and circular references, taken keys, segments in use, unknown keys', async () => {
  const bad = await post(srv.url, '/v1/segments', { key: 'x', name: 'X', rule: { performed: { event: 'A' }, atLeast: -1 } }, read);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, 'invalid_definition');
  assert.match(bad.body.error.message, /atLeast/);
  const deep = await post(srv.url, '/v1/segments/preview', { rule: { all: [{ trait: 'plan', value: 'pro' }, { performed: { event: 'A' }, atLeast: 'two' }] } }, read);
  assert.equal(deep.status, 400);
  assert.equal(deep.body.error.field, 'rule.all[1].atLeast', 'the failing condition of the union is named, not "Invalid input"');
  const badKey = await post(srv.url, '/v1/segments', { key: 'Not A Key', name: 'X', rule: buyers }, read);
  assert.equal(badKey.status, 400);
  assert.match(badKey.body.error.message, /key/);
  const unknown = await post(srv.url, '/v1/segments', { key: 'x', name: 'X', rule: { inSegment: 'nope' } }, read);
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error.message, /nope/);
  const cycle = await post(srv.url, '/v1/segments/pro', { rule: { inSegment: 'pro-repeat' } }, read, 'PATCH');
  assert.equal(cycle.status, 400, JSON.stringify(cycle.body));
  assert.match(cycle.body.error.message, /pro-repeat|cycle|itself/i);
  const taken = await post(srv.url, '/v1/segments', { key: 'pro', name: 'Again', rule: buyers }, read);
  assert.equal(taken.status, 409);
  const inUse = await post(srv.url, '/v1/segments/pro', undefined, read, 'DELETE');
  assert.equal(inUse.status, 409);
  assert.match(inUse.body.error.message, /pro-repeat/);
  assert.equal((await get(srv.url, '/v1/segments/nope')).status, 404);
  assert.equal((await get(srv.url, '/v1/segments/nope/members')).status, 404);
  assert.equal((await get(srv.url, '/v1/segments/overlap?a=pro&b=nope')).status, 404);
  assert.equal((await get(srv.url, '/v1/segments/pro/members?limit=0')).status, 400);
  assert.equal((await get(srv.url, '/v1/segments', null)).status, 401);
  assert.equal((await post(srv.url, '/v1/segments', { key: 'w', name: 'W', rule: buyers }, write)).status, 401, 'the write key cannot read or define segments');

  const renamed = await post(srv.url, '/v1/segments/pro-repeat', { name: 'Pro repeat buyers' }, read, 'PATCH');
  assert.deepEqual([renamed.status, renamed.body.name, renamed.body.size], [200, 'Pro repeat buyers', 1]);
  const gone = await post(srv.url, '/v1/segments/pro-repeat', undefined, read, 'DELETE');
  assert.deepEqual([gone.status, gone.body], [200, { key: 'pro-repeat', deleted: true }]);
  assert.equal((await post(srv.url, '/v1/segments/pro', undefined, read, 'DELETE')).status, 200, 'free to delete once nothing uses it');
});
