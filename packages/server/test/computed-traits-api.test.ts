import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '@trailmap/core';
import { basic, get, KEYS, post, startTestServer } from './support/test-server.js';

// Saved computed traits over HTTP on the engine under test (TRAILMAP_WAREHOUSE): preview, save,
// values computed on read that follow the events sent over HTTP, CSV, freshness, errors. The
// server's clock is the test's (`now`), so a window moves with it.
let srv: Awaited<ReturnType<typeof startTestServer>>;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const clock = T0 + 40 * DAY;
const write = basic(KEYS.writeKey);
const read = `Bearer ${KEYS.readKey}`;
const at = (d: number) => new Date(T0 + d * DAY).toISOString();
const send = async (batch: unknown[]) => {
  const r = await post(srv.url, '/v1/batch', { batch }, write);
  assert.equal(r.status, 200, JSON.stringify(r.body));
};
const order = (user: string, day: number, revenue: number) => ({ type: 'track', userId: user, event: 'Order Completed', properties: { revenue }, timestamp: at(day), messageId: `${user}-o-${day}-${revenue}` });

let users = new Map<string, string>();
const refreshUsers = async () => {
  const r = await get(srv.url, '/v1/people?q=ct-&limit=100');
  users = new Map((r.body.people as Array<{ personId: string; identities: string[] }>).map((p) => [p.personId, p.identities.find((i) => i.startsWith('user:'))!.slice(5)]));
};
/** user id → value, from a values answer. */
const byUser = (values: Array<{ personId: string; value: unknown }>) => Object.fromEntries(values.map((v) => [users.get(v.personId) ?? `?${v.personId}`, v.value]));

before(async () => {
  srv = await startTestServer({ now: () => clock });
  await send([order('ct-ana', 1, 10), order('ct-ana', 30, 25), order('ct-bo', 35, 40), { type: 'track', userId: 'ct-cy', event: 'Product Viewed', timestamp: at(38), messageId: 'ct-cy-v' }]);
  await refreshUsers();
});
after(async () => srv.close());

const spend30 = { key: 'spend-30d', name: 'Spend, 30 days', aggregate: 'sum', event: 'Order Completed', property: 'revenue', window: '30d' };

test('preview: a definition gives a distribution and a sample before it is saved, with asOf and the last load', async () => {
  const r = await post(srv.url, '/v1/computed-traits/preview', { definition: spend30, sample: 5 }, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // Window [day 10, day 40): Ana's day-30 order (25) and Bo's (40); Ana's day-1 order is outside.
  assert.deepEqual(byUser(r.body.sample), { 'ct-ana': 25, 'ct-bo': 40 });
  assert.deepEqual(r.body.distribution.numeric, { min: 25, max: 40, mean: 32.5, median: 32.5 });
  assert.equal(r.body.distribution.people, 2);
  assert.equal(r.body.asOf, new Date(clock).toISOString());
  assert.ok(r.body.lastLoadAt !== null && Math.abs(Date.parse(r.body.lastLoadAt) - Date.now()) < 60_000, 'the load this read made');
  const count = await post(srv.url, '/v1/computed-traits/preview', { definition: { key: 'orders', name: 'Orders', aggregate: 'count', event: 'Order Completed' }, asOf: at(38.5) }, read);
  assert.deepEqual(byUser(count.body.sample), { 'ct-ana': 2, 'ct-bo': 1, 'ct-cy': 0 }, 'count gives every person seen by then a value (Cy, who only viewed, 0)');
  assert.deepEqual(count.body.distribution.top, [{ value: 0, people: 1 }, { value: 1, people: 1 }, { value: 2, people: 1 }]);
  const early = await post(srv.url, '/v1/computed-traits/preview', { definition: { key: 'orders', name: 'Orders', aggregate: 'count', event: 'Order Completed' }, asOf: at(31) }, read);
  assert.deepEqual(byUser(early.body.sample), { 'ct-ana': 2 }, 'on day 31 Bo and Cy had not been seen');
  const bad = await post(srv.url, '/v1/computed-traits/preview', { definition: { ...spend30, property: undefined } }, read);
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /needs a property/);
});

test('saved traits: create, list, get, values that follow events sent over HTTP, CSV, patch, delete', async () => {
  const created = await post(srv.url, '/v1/computed-traits', spend30, read);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual([created.body.key, created.body.name, created.body.definition.window], ['spend-30d', 'Spend, 30 days', 30 * DAY]);
  assert.equal((await post(srv.url, '/v1/computed-traits', spend30, read)).status, 409);
  assert.equal((await post(srv.url, '/v1/computed-traits', spend30, null)).status, 401, 'writing needs a key');
  assert.deepEqual((await get(srv.url, '/v1/computed-traits')).body.computedTraits.map((t: { key: string }) => t.key), ['spend-30d']);
  assert.equal((await get(srv.url, '/v1/computed-traits/spend-30d')).body.name, 'Spend, 30 days');

  const values = async () => {
    const r = await get(srv.url, '/v1/computed-traits/spend-30d/values');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const first = await values();
  assert.deepEqual([first.total, byUser(first.values)], [2, { 'ct-ana': 25, 'ct-bo': 40 }]);
  // Cy orders and Ana orders again: the next read includes them (values are computed on read, after loading the log).
  await send([order('ct-cy', 39, 7), order('ct-ana', 39, 5)]);
  await refreshUsers();
  const next = await values();
  assert.deepEqual(byUser(next.values), { 'ct-ana': 30, 'ct-bo': 40, 'ct-cy': 7 });
  assert.ok(Date.parse(next.lastLoadAt) >= Date.parse(first.lastLoadAt));
  // The profile lists the person's computed-trait values, computed as of the request.
  const profile = await get(srv.url, '/v1/profiles/ct-ana');
  assert.equal(profile.status, 200, JSON.stringify(profile.body));
  assert.deepEqual(profile.body.computedTraits.values, [{ key: 'spend-30d', name: 'Spend, 30 days', value: 30 }]);
  assert.equal(profile.body.computedTraits.asOf, new Date(clock).toISOString());
  assert.deepEqual((await get(srv.url, '/v1/profiles/ct-bo')).body.computedTraits.values[0].value, 40);
  const paged = (await get(srv.url, '/v1/computed-traits/spend-30d/values?limit=1&offset=1')).body;
  assert.deepEqual([paged.total, paged.values.length, paged.values[0].personId], [3, 1, next.values[1].personId]);

  const csv = await fetch(`${srv.url}/v1/computed-traits/spend-30d/values?format=csv`, { headers: { authorization: read } });
  assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
  assert.equal(csv.headers.get('x-total-count'), '3');
  const rows = parseCsv(await csv.text());
  assert.deepEqual(rows[0], ['person_id', 'value']);
  assert.deepEqual(rows.slice(1).map((r) => [users.get(r[0]!), r[1]]).sort(), [['ct-ana', '30'], ['ct-bo', '40'], ['ct-cy', '7']]);

  const patched = await post(srv.url, '/v1/computed-traits/spend-30d', { window: null, name: 'Spend ever' }, read, 'PATCH');
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.equal(patched.body.definition.window, undefined);
  assert.deepEqual(byUser((await values()).values), { 'ct-ana': 40, 'ct-bo': 40, 'ct-cy': 7 }, 'without the window Ana’s day-1 order counts');
  const badPatch = await post(srv.url, '/v1/computed-traits/spend-30d', { aggregate: 'count' }, read, 'PATCH');
  assert.equal(badPatch.status, 400, 'count reads no property: the patched definition is checked whole');
  assert.equal((await post(srv.url, '/v1/computed-traits/nope', { name: 'x' }, read, 'PATCH')).status, 404);

  // A segment on the trait: its preview and saved members follow the trait's values.
  const rule = { computedTrait: 'spend-30d', op: 'gte', value: 30 };
  const preview = await post(srv.url, '/v1/segments/preview', { rule }, read);
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.deepEqual([preview.body.count, preview.body.sample.map((id: string) => users.get(id)).sort(), preview.body.timing], [2, ['ct-ana', 'ct-bo'], 'batch']);
  const seg = await post(srv.url, '/v1/segments', { key: 'big-spenders', name: 'Big spenders', rule }, read);
  assert.equal(seg.status, 201, JSON.stringify(seg.body));
  assert.equal(seg.body.size, 2);
  const unknown = await post(srv.url, '/v1/segments/preview', { rule: { computedTrait: 'nope', op: 'is_set' } }, read);
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.error?.message ?? JSON.stringify(unknown.body), /no saved computed trait has the key "nope"/);
  const used = await post(srv.url, '/v1/computed-traits/spend-30d', undefined, read, 'DELETE');
  assert.equal(used.status, 409, 'a segment uses it');
  assert.match(JSON.stringify(used.body), /big-spenders/);
  assert.equal((await post(srv.url, '/v1/segments/big-spenders', undefined, read, 'DELETE')).status, 200);

  assert.deepEqual((await post(srv.url, '/v1/computed-traits/spend-30d', undefined, read, 'DELETE')).body, { key: 'spend-30d', deleted: true });
  const gone = await get(srv.url, '/v1/computed-traits/spend-30d/values');
  assert.equal(gone.status, 404);
  assert.match(gone.body.error?.message ?? JSON.stringify(gone.body), /spend-30d/);
});
