import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { basic, KEYS, post, startTestServer } from './support/test-server.js';

// POST /v1/customers/rfm on the engine under test, over purchases sent by hand.
let srv: Awaited<ReturnType<typeof startTestServer>>;
const read = `Bearer ${KEYS.readKey}`;
const at = (d: number) => new Date(Date.UTC(2026, 5, 1 + d, 12)).toISOString();
const order = (u: string, d: number, revenue: unknown, n = 0) => ({ type: 'track', userId: u, event: 'Order Completed', properties: { revenue }, timestamp: at(d), messageId: `${u}-${d}-${n}` });

before(async () => {
  srv = await startTestServer();
  const r = await post(srv.url, '/v1/batch', { batch: [order('c-a', 0, 10), order('c-a', 9, 30), order('c-b', 5, 'n/a'), order('c-c', 2, 5), order('c-c', 2, 7, 1), order('c-c', 20, 1)] }, basic(KEYS.writeKey));
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
after(async () => srv.close());

test('RFM over HTTP: per-customer recency, frequency and value as of a day; group totals add up', async () => {
  const r = await post(srv.url, '/v1/customers/rfm', { asOf: '2026-06-15', people: true }, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.purchase, r.body.value, r.body.asOf, r.body.customers], ['Order Completed', 'revenue', '2026-06-15', 3]);
  const raw = (r.body.people as Array<{ frequency: number; monetary: number; recencyDays: number }>).map((p) => [p.frequency, p.monetary, p.recencyDays]).sort();
  // As of June 15: a bought on June 1 and 10 (40), b on June 6 (a value that is not a number counts 0), c twice on June 3 (the June 21 order is after the day).
  assert.deepEqual(raw, [[1, 0, 9], [2, 12, 12], [2, 40, 5]]);
  assert.equal(r.body.groups.reduce((s: number, g: { count: number }) => s + g.count, 0), 3);
  const latest = await post(srv.url, '/v1/customers/rfm', {}, read);
  assert.deepEqual([latest.body.asOf, latest.body.people], ['2026-06-21', undefined], 'default: the latest purchase day; people only when asked');
});

test('RFM errors name the field', async () => {
  const bad = await post(srv.url, '/v1/customers/rfm', { asOf: '2026-02-30' }, read);
  assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [400, 'invalid_definition', 'asOf']);
  const extra = await post(srv.url, '/v1/customers/rfm', { purchse: 'x' }, read);
  assert.equal(extra.status, 400);
  assert.match(extra.body.error.message, /purchse/);
  assert.equal((await post(srv.url, '/v1/customers/rfm', {}, null)).status, 401);
});
