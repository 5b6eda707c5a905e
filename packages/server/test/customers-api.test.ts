import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { churnDefinitionSchema, clvDefinitionSchema, personaDefinitionSchema, segmentRuleSchema } from '@trailmap/core';
import { loadDemo, runChurn, runClv, runPersonas, segmentMembers } from '@trailmap/warehouse';
import { ComputePool } from '../src/compute/compute-pool.js';
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

// Personas, CLV and churn over HTTP on the demo: the same answers as the warehouse functions the CLI runs, fitted on the compute pool.
describe('personas, CLV and churn over HTTP', () => {
  let demo: Awaited<ReturnType<typeof startTestServer>>;
  const pool = new ComputePool({ budgetMs: 170_000 });
  before(async () => {
    demo = await startTestServer({ compute: pool });
    await loadDemo(demo.store, { events: 20_000, seed: 42 });
  });
  after(async () => {
    await demo.close();
    await pool.close();
  });

  test('personas equal runPersonas for the same definition, and /health answers while they compute', { timeout: 180_000 }, async () => {
    const body = { kMin: 2, kMax: 5, seed: 7 };
    const heavy = post(demo.url, '/v1/customers/personas', body, read);
    let done = false;
    const settled = heavy.finally(() => (done = true));
    let during = 0;
    while (!done) {
      const h = await fetch(demo.url + '/health');
      await h.arrayBuffer();
      assert.equal(h.status, 200);
      if (pool.stats().running > 0) during++;
      await new Promise((r) => setTimeout(r, 10));
    }
    const r = await settled;
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(during >= 10, 'fewer than 10 /health answers arrived while the personas computed: the computation holds the event loop');
    const expected = await runPersonas(await demo.store.readSession(), personaDefinitionSchema.parse(body));
    assert.deepEqual(r.body, JSON.parse(JSON.stringify(expected)));
    assert.ok(r.body.k >= 2 && r.body.clusters.length === r.body.k);
  });

  test('CLV equals runClv for the same definition', { timeout: 120_000 }, async () => {
    const body = { unit: 'week', horizon: 12, discount: 0.01, people: true };
    const r = await post(demo.url, '/v1/customers/clv', body, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const { people, ...def } = body;
    const expected = await runClv(await demo.store.readSession(), clvDefinitionSchema.parse(def), { people });
    assert.deepEqual(r.body, JSON.parse(JSON.stringify(expected)));
    assert.ok(r.body.customers > 0 && r.body.bgnbd.r > 0);
  });

  test('CLV of a saved segment: the sums over its members of the per-person CLV fitted on every customer; an unknown segment is a 400', { timeout: 120_000 }, async () => {
    const rule = { trait: 'persona', value: 'researcher' };
    const saved = await post(demo.url, '/v1/segments', { key: 'clv-researchers', name: 'Researchers', rule }, read);
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const r = await post(demo.url, '/v1/customers/clv', { segment: 'clv-researchers' }, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const all = await runClv(await demo.store.readSession(), clvDefinitionSchema.parse({}), { people: true });
    const members = new Set(await segmentMembers(await demo.store.readSession(), segmentRuleSchema.parse(rule), Date.now()));
    const inside = all.people!.filter((p) => members.has(p.personId));
    assert.ok(inside.length > 0 && inside.length < all.people!.length, 'some customers, not all, are researchers');
    const seg = r.body.segment;
    assert.deepEqual([seg.key, seg.members, seg.customers], ['clv-researchers', members.size, inside.length]);
    const sum = inside.reduce((s, p) => s + p.clv, 0);
    assert.ok(Math.abs(seg.clv - sum) <= 1e-6 * Math.max(1, sum), `segment CLV ${seg.clv} vs ${sum}`);
    assert.ok(Math.abs(seg.shareOfClv - sum / all.totals.clv) < 1e-9);
    assert.equal(r.body.people, undefined, 'people are listed only when asked');
    assert.equal(r.body.totals.clv, all.totals.clv, 'the fit is over every customer');
    const unknown = await post(demo.url, '/v1/customers/clv', { segment: 'nobody-saved-this' }, read);
    assert.deepEqual([unknown.status, unknown.body.error?.field], [400, 'segment']);
  });

  test('CLV with holdoutDays: the calibration/holdout bins equal runClv and hold every calibration customer', { timeout: 120_000 }, async () => {
    const body = { holdoutDays: 30 };
    const r = await post(demo.url, '/v1/customers/clv', body, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const expected = await runClv(await demo.store.readSession(), clvDefinitionSchema.parse(body));
    assert.deepEqual(r.body, JSON.parse(JSON.stringify(expected)));
    const h = r.body.holdout;
    assert.equal(h.holdoutDays, 30);
    assert.equal(new Date(Date.parse(r.body.asOf) - 30 * 86_400_000).toISOString().slice(0, 10), h.calibrationEnd);
    assert.equal(h.bins.reduce((s: number, b: { customers: number }) => s + b.customers, 0), h.customers);
    assert.ok(h.customers > 0 && h.customers <= r.body.customers);
    const bad = await post(demo.url, '/v1/customers/clv', { holdoutDays: 0 }, read);
    assert.deepEqual([bad.status, bad.body.error?.field], [400, 'holdoutDays']);
  });

  test('churn equals runChurn for the same definition', { timeout: 120_000 }, async () => {
    const body = { windowDays: 14, top: 5 };
    const r = await post(demo.url, '/v1/customers/churn', body, read);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const expected = await runChurn(await demo.store.readSession(), churnDefinitionSchema.parse(body));
    assert.deepEqual(r.body, JSON.parse(JSON.stringify(expected)));
    assert.equal(r.body.people.length, 5);
  });

  test('personas, CLV and churn errors name the field', async () => {
    for (const [path, body, field] of [
      ['/v1/customers/personas', { asOf: '2026-02-30' }, 'asOf'],
      ['/v1/customers/personas', { restarts: 'many' }, 'restarts'],
      ['/v1/customers/clv', { unit: 'month' }, 'unit'],
      ['/v1/customers/clv', { discount: -2 }, 'discount'],
      ['/v1/customers/churn', { windowDays: 'x' }, 'windowDays'],
    ] as const) {
      const bad = await post(demo.url, path, body, read);
      assert.deepEqual([bad.status, bad.body.error?.code, bad.body.error?.field], [400, 'invalid_definition', field], `${path} ${JSON.stringify(body)}: ${JSON.stringify(bad.body)}`);
    }
    const extra = await post(demo.url, '/v1/customers/churn', { windw: 3 }, read);
    assert.equal(extra.status, 400);
    assert.match(extra.body.error.message, /windw/);
    assert.equal((await post(demo.url, '/v1/customers/clv', {}, null)).status, 401);
  });
});

test('models the data cannot fit are a 422 naming what is missing, not a 500 (churn on a store with no events, then with too little history; CLV without purchases answers empty)', async () => {
  const empty = await startTestServer();
  try {
    const read = `Bearer ${KEYS.readKey}`;
    const churn = await post(empty.url, '/v1/customers/churn', {}, read);
    assert.equal(churn.status, 422, JSON.stringify(churn.body));
    assert.equal(churn.body.error.code, 'not_enough_data');
    assert.match(churn.body.error.message, /no events/);
    const sent = await post(empty.url, '/v1/batch', { batch: [{ type: 'track', userId: 'u1', event: 'Product Viewed', timestamp: '2026-01-01T00:00:00Z', messageId: 'ne-1' }] }, basic(KEYS.writeKey));
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    const clv = await post(empty.url, '/v1/customers/clv', {}, read);
    assert.equal(clv.status, 200, JSON.stringify(clv.body));
    assert.equal(clv.body.customers, 0, 'CLV without purchases answers with no customers and no fit');
    assert.equal(clv.body.bgnbd, null);
    const trained = await post(empty.url, '/v1/customers/churn', {}, read);
    assert.equal(trained.status, 422, JSON.stringify(trained.body));
    assert.match(trained.body.error.message, /not enough history/);
  } finally {
    await empty.close();
  }
});
