import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalizeAnswerSchema, personalizeConfigSchema } from '@trailmap/core';
import { openTestStore } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import { buildApp } from '../src/app.js';
import { personalizationModel, recommendFor } from '../src/personalize/index.js';
import { basic, get, KEYS, post } from './support/test-server.js';

// GET /v1/personalize/:personId on a real server over the engine under test, with events sent
// through collection. u1, u2, u3 are the hand-computed dataset of core's personalize fixtures;
// u4 refused personalisation (identify traits.consent); u5 is new (one page view, no products).

const CONFIG = personalizeConfigSchema.parse({
  placements: { home: { limit: 10 }, checkout: { kind: 'offers', limit: 5 }, guides: { kind: 'content', limit: 2 } },
  offers: [{ id: 'tents', name: 'Tent deal', value: 50, baseRate: 0.1, category: 'tents' }, { id: 'ship', name: 'Free shipping', value: 5, baseRate: 0.5 }],
});
const at = (d: number) => new Date(Date.UTC(2026, 5, 1 + d, 12)).toISOString();
let n = 0;
const item = (id: string) => ({ product_id: id, name: { A: 'Tent A', B: 'Tent B', C: 'Stove C', D: 'Pack D' }[id], category: id === 'C' ? 'stoves' : id === 'D' ? 'packs' : 'tents', price: 100 });
const view = (u: string, id: string, d: number) => ({ type: 'track', userId: u, event: 'Product Viewed', properties: item(id), timestamp: at(d), messageId: `v${++n}` });
const order = (u: string, ids: string[], d: number) => ({ type: 'track', userId: u, event: 'Order Completed', properties: { order_id: `o${++n}`, products: ids.map(item) }, timestamp: at(d), messageId: `o${n}` });

let dir: string;
let store: EventStore;
let url: string;
let close: () => Promise<void>;
const read = `Bearer ${KEYS.readKey}`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-personalize-'));
  store = await openTestStore(dir);
  const app = buildApp({ store, keys: KEYS, logLevel: 'silent', personalize: CONFIG });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  close = async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const batch = [
    view('u1', 'A', 0), order('u1', ['B'], 1),
    view('u2', 'A', 0), order('u2', ['A', 'C'], 1),
    view('u3', 'B', 0), order('u3', ['C'], 2),
    { type: 'identify', userId: 'u4', traits: { consent: { personalisation: false } }, timestamp: at(0), messageId: 'i4' },
    view('u4', 'A', 0), order('u4', ['C'], 1),
    { type: 'page', userId: 'u5', name: 'Home', timestamp: at(3), messageId: 'p5' },
  ];
  const r = await post(url, '/v1/batch', { batch }, basic(KEYS.writeKey));
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
after(async () => close());

test('a person with history: collaborative items with reasons, purchased items left out, the answer schema holds', async () => {
  const r = await get(url, '/v1/personalize/u1', read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  personalizeAnswerSchema.parse(r.body);
  assert.deepEqual([r.body.personId !== 'u1', r.body.placement, r.body.kind, r.body.strategy], [true, 'home', 'items', 'collaborative'], 'personId is the person id, not the userId');
  assert.deepEqual(r.body.items.map((x: { id: string }) => x.id), ['C', 'A'], 'B was bought (hand-computed order in core/test/personalize-fixtures)');
  assert.equal(r.body.items[0].reason, '1 person who viewed or bought Tent B also bought it (you bought Tent B)');
  assert.deepEqual([r.body.items[0].name, r.body.items[0].category, r.body.items[0].source], ['Stove C', 'stoves', 'collaborative']);
  assert.deepEqual(r.body.consent, { purpose: 'personalisation', granted: true, basis: 'default' });
  assert.equal(r.body.model.people, 3, 'u4 refused: their history is not in the co-occurrence');
  const one = await get(url, '/v1/personalize/u1?limit=1', read);
  assert.deepEqual(one.body.items.map((x: { id: string }) => x.id), ['C']);
});

test('refused personalisation: popularity only, said in each reason, never their own history; a new person gets popularity too', async () => {
  const r = await get(url, '/v1/personalize/u4', read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.strategy, r.body.consent.granted, r.body.consent.basis], ['popularity', false, 'explicit']);
  assert.equal(r.body.items[0].id, 'C', 'C is the most bought; their own purchase of C is not used to leave it out');
  for (const x of r.body.items) assert.match(x.reason, /not personalised: no personalisation consent/);
  const fresh = await get(url, '/v1/personalize/u5', read);
  assert.deepEqual([fresh.status, fresh.body.strategy, fresh.body.consent.granted], [200, 'popularity', true]);
  assert.deepEqual(fresh.body.items.map((x: { id: string }) => x.id), ['C', 'A', 'B']);
  assert.match(fresh.body.items[0].reason, /^popular: bought 3 times in all$/);
});

test('offers by expected value, content by affinity', async () => {
  const o = await get(url, '/v1/personalize/u1?placement=checkout', read);
  assert.equal(o.status, 200, JSON.stringify(o.body));
  assert.deepEqual([o.body.kind, o.body.strategy], ['offers', 'next-best-action']);
  assert.deepEqual(o.body.items.map((x: { id: string }) => x.id), ['tents', 'ship']);
  for (const x of o.body.items) assert.ok(Math.abs(x.score - x.probability * x.value) < 1e-9);
  assert.match(o.body.items[0].reason, /^offer: expected value \d+\.\d\d = P\(accept\) 0\.\d{3} × value 50\.00; \d\.\d\d× the average interest in tents$/);
  const c = await get(url, '/v1/personalize/u1?placement=guides', read);
  assert.deepEqual([c.body.kind, c.body.strategy, c.body.items[0].id], ['content', 'affinity', 'category:tents']);
});

test('errors: unknown person 404 naming them, bad query 400 naming the field, no key 401', async () => {
  const nobody = await get(url, '/v1/personalize/nobody-here', read);
  assert.deepEqual([nobody.status, nobody.body.error.code, nobody.body.error.field], [404, 'not_found', 'personId']);
  assert.match(nobody.body.error.message, /nobody-here/);
  const place = await get(url, '/v1/personalize/u1?placement=nope', read);
  assert.deepEqual([place.status, place.body.error.field], [400, 'placement']);
  assert.match(place.body.error.message, /"nope".*"home", "checkout", "guides"/);
  const lim = await get(url, '/v1/personalize/u1?limit=0', read);
  assert.deepEqual([lim.status, lim.body.error.field], [400, 'limit']);
  const extra = await get(url, '/v1/personalize/u1?limt=3', read);
  assert.equal(extra.status, 400);
  assert.match(extra.body.error.message, /limt/);
  assert.equal((await get(url, '/v1/personalize/u1', null)).status, 401);
  assert.equal((await get(url, '/v1/personalize/u1', `Bearer ${KEYS.writeKey}`)).status, 403, 'a collect key may not read recommendations');
});

test('the model is fitted once per data version; new data refits; recommendFor gives the items', async () => {
  const a = personalizationModel(store, CONFIG);
  assert.equal(await personalizationModel(store, CONFIG), await a, 'the same model while the data is unchanged');
  const r = await post(url, '/v1/batch', { batch: [view('u6', 'D', 3), order('u6', ['D'], 3), order('u6', ['D'], 4), order('u7', ['D'], 4)] }, basic(KEYS.writeKey));
  assert.equal(r.status, 200);
  await store.flush();
  const b = await personalizationModel(store, CONFIG);
  assert.notEqual(b, await a, 'refitted after a load');
  assert.ok(b.items.has('D'));
  const items = await recommendFor(store, 'u5', 'home', { config: CONFIG });
  assert.equal(items[0]!.id, 'D', 'D is now the most bought');
  assert.deepEqual(await recommendFor(store, 'nobody-here', 'home', { config: CONFIG }), []);
});
