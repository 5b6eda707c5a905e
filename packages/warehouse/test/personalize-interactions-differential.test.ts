import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEFAULT_PROJECT_CONFIG, sortInteractions, type AnalyticsEvent, type Interaction } from '@trailmap/core';
import { analysisEventsSql, analysisSession, readInteractions, type AppendColumn } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { rng } from './support/random-events.js';

// The personalisation interaction read (warehouse/src/personalize) on DuckDB and on ClickHouse
// (chdb), over the same random events, equals a TypeScript reading of the same events: views with
// top-level product fields, one row per products[] element of each order (odd shapes included),
// people who refused analytics left out, people who refused personalisation flagged.

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const CONSENT = DEFAULT_PROJECT_CONFIG.consent;
const MODEL = { viewEvent: 'Product Viewed', purchaseEvent: 'Order Completed' };
const START = Date.UTC(2026, 0, 5);

function dataset(seed: number) {
  const r = rng(seed);
  const events: AnalyticsEvent[] = [];
  const choices: Array<{ person: string; purpose: string; granted: boolean }> = [];
  const product = () => {
    const k = r.next();
    const id = k < 0.05 ? r.int(1, 9) : `p${r.int(1, 12)}`; // sometimes a number
    const item: Record<string, unknown> = { product_id: id, name: `Product ${id}`, category: r.pick(['tents', 'jackets', "o'dd \"cat\""]), price: r.chance(0.1) ? String(r.int(5, 90)) : r.int(5, 400) / 4 };
    if (r.chance(0.05)) delete item.product_id;
    if (r.chance(0.05)) item.price = 'n/a';
    if (r.chance(0.05)) delete item.name;
    return item;
  };
  let n = 0;
  for (let p = 0; p < 40; p++) {
    const personId = `u${seed}_${p}`;
    let t = START + r.int(0, 20) * 86_400_000;
    for (let i = r.int(0, 25); i > 0; i--) {
      t += r.int(1, 3 * 86_400_000);
      const k = r.next();
      let event = 'Email Opened';
      let properties: Record<string, unknown> = {};
      if (k < 0.55) {
        event = 'Product Viewed';
        properties = product();
      } else if (k < 0.85) {
        event = 'Order Completed';
        const shape = r.next();
        properties = shape < 0.8 ? { order_id: `o${n}`, products: Array.from({ length: r.int(0, 4) }, product) } : shape < 0.9 ? { products: 'none' } : shape < 0.95 ? { products: { product_id: 'p1' } } : { revenue: 10 };
      } else if (k < 0.9) {
        event = 'Product Added';
        properties = product();
      }
      events.push({
        messageId: `m${seed}_${n++}`, personId, timestamp: t, type: 'track', event, name: null,
        touchpoint: 'web_product', channel: 'web', touchpointType: 'digital', stage: 'consideration', properties, traits: {}, context: {},
      });
    }
    if (r.chance(0.25)) choices.push({ person: personId, purpose: 'personalisation', granted: false });
    else if (r.chance(0.1)) choices.push({ person: personId, purpose: 'personalisation', granted: true });
    if (r.chance(0.1)) choices.push({ person: personId, purpose: 'analytics', granted: false });
  }
  return { events, choices };
}

/** The same reading in TypeScript. */
function reference(events: readonly AnalyticsEvent[], choices: ReadonlyArray<{ person: string; purpose: string; granted: boolean }>): Interaction[] {
  const refused = (person: string, purpose: string) => choices.some((c) => c.person === person && c.purpose === purpose && !c.granted);
  const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
  const num = (v: unknown) => (v === undefined || v === null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));
  const out: Interaction[] = [];
  for (const e of events) {
    if (refused(e.personId, 'analytics')) continue;
    const base = { personId: e.personId, at: e.timestamp, eventId: e.messageId, personalisable: !refused(e.personId, 'personalisation') };
    const lines = e.event === 'Product Viewed' ? [[e.properties, 'view'] as const] : e.event === 'Order Completed' && Array.isArray(e.properties.products) ? (e.properties.products as Record<string, unknown>[]).map((x) => [x, 'purchase'] as const) : [];
    for (const [x, kind] of lines) {
      const id = text(x.product_id);
      if (id === null) continue;
      out.push({ ...base, kind, itemId: id, name: text(x.name), category: text(x.category), price: num(x.price) });
    }
  }
  return sortInteractions(out);
}

const CONSENT_COLUMNS: AppendColumn[] = ['identity', 'purpose', 'granted', 'chosen_at', 'source', 'message_id', 'recorded_at'].map((name) => ({ name, kind: 'text' }));
const IDENTITY_COLUMNS: AppendColumn[] = ['identity', 'person_id', 'first_seen'].map((name) => ({ name, kind: 'text' }));

for (const seed of [1, 7, 23]) {
  test(`seed ${seed}: interactions on DuckDB = ClickHouse = the TypeScript reading`, async () => {
    const { events, choices } = dataset(seed);
    await engines.load(events);
    const at = new Date(START).toISOString();
    for (const [, wh] of engines.all) {
      await wh.exec('TRUNCATE TABLE consents');
      await wh.exec('TRUNCATE TABLE identities');
      const people = [...new Set(events.map((e) => e.personId))];
      await wh.append('identities', IDENTITY_COLUMNS, people.map((p) => [`user:${p}`, p, at]));
      if (choices.length) await wh.append('consents', CONSENT_COLUMNS, choices.map((c) => [`user:${c.person}`, c.purpose, c.granted, at, 'api', null, at]));
    }
    const want = reference(events, choices);
    assert.ok(want.filter((r) => r.kind === 'purchase').length > 30 && want.some((r) => !r.personalisable), 'the fixture has order lines and refusals');
    for (const [name, wh] of engines.all) {
      const scoped = analysisSession(wh, analysisEventsSql(wh.dialect, CONSENT, true));
      const got = await readInteractions(scoped, MODEL, CONSENT);
      assert.equal(got.length, want.length, name);
      got.forEach((g, i) => assert.deepEqual(g, want[i], `${name} row ${i}`));
    }
  });
}

test('event names are bound parameters: an injection attempt is a plain value', async () => {
  await engines.load(dataset(3).events);
  for (const [name, wh] of engines.all) {
    assert.deepEqual(await readInteractions(wh, { viewEvent: "x'); DROP TABLE events; --", purchaseEvent: "Order' OR '1'='1" }, CONSENT), [], name);
    const [row] = await wh.query<{ n: unknown }>('SELECT count(*) AS n FROM events');
    assert.ok(Number(row!.n) > 0, `${name}: events table intact`);
  }
});
