import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { personaDefinitionSchema, personaRaw, personas, type AnalyticsEvent } from '@trailmap/core';
import { personaRawFromWarehouse, runPersonas } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

/** Random events with a category property (text, number, empty, absent) and ratings (numbers, text, junk) on some. */
function personaEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed + 91);
  return randomEvents({ seed, people: 120, perPerson: [1, 30], spanMs: 120 * 86_400_000, tieRate: 0.05 }).map((e) => {
    const props = { ...e.properties };
    const k = r.next();
    if (k < 0.3) props.category = r.pick(['tents', 'boots', 'jackets', "o'hara; --", '帐篷']);
    else if (k < 0.35) props.category = r.int(1, 3);
    else if (k < 0.4) props.category = '';
    const q = r.next();
    if (q < 0.3) props.rating = r.int(1, 5);
    else if (q < 0.35) props.rating = String(r.int(1, 5));
    else if (q < 0.4) props.rating = 'great';
    return { ...e, properties: props };
  });
}

describe('persona features: TS reference = DuckDB = ClickHouse', () => {
  const defs = [
    { sentimentEvent: 'Order Completed' },
    {}, // the default sentiment event (Review Posted) is absent: no sentiment feature
    { asOf: '2025-03-01', mix: 'stage' as const },
    { asOf: '2025-03-20', mix: 'touchpoint' as const, sentimentEvent: 'Support Ticket Opened', purchase: 'Checkout Started' },
    { sentimentEvent: 'Email Opened', category: 'plan' },
    { purchase: "x'); DROP TABLE events; --", value: "a'b\"c", category: "odd \"key\"", sentimentProperty: "'; --" }, // injection attempts are plain values
  ];

  for (const seed of [5, 13]) {
    test(`seed ${seed}: raw behaviour per person, then the clustering`, async () => {
      const events = personaEvents(seed);
      await engines.load(events);
      for (const input of defs) {
        const def = personaDefinitionSchema.parse({ ...input, kMax: 4, restarts: 3 });
        const expected = personaRaw(events, def);
        assert.ok(expected.length > 30, `fixture should have people: ${JSON.stringify(input)}`);
        assert.ok(expected.some((x) => Object.keys(x.categories).length > 0), 'some categories');
        if (input.sentimentEvent === 'Order Completed') assert.ok(expected.some((x) => x.sentimentCount > 0), 'some ratings');
        const full = personas(events, def);
        for (const [name, wh] of engines.all) {
          const raw = await personaRawFromWarehouse(wh, def);
          assert.equal(raw.length, expected.length, `${name} ${JSON.stringify(input)}`);
          raw.forEach((x, i) => {
            const e = expected[i]!;
            const where = `${name} ${x.personId} ${JSON.stringify(input)}`;
            assert.deepEqual([x.personId, x.events, x.lastMs, x.mix, x.categories, x.sentimentCount], [e.personId, e.events, e.lastMs, e.mix, e.categories, e.sentimentCount], where);
            assert.ok(Math.abs(x.value - e.value) < 1e-9, `${where} value ${x.value} vs ${e.value}`);
            assert.ok(Math.abs(x.sentimentSum - e.sentimentSum) < 1e-9, `${where} sentiment ${x.sentimentSum} vs ${e.sentimentSum}`);
          });
          const got = await runPersonas(wh, def);
          assert.equal(got.k, full.k, name);
          assert.deepEqual(got.assignments, full.assignments, `${name} assignments`);
          assert.deepEqual(got.clusters.map((c) => c.name), full.clusters.map((c) => c.name), `${name} names`);
        }
      }
      for (const [name, wh] of engines.all) {
        const [row] = await wh.query<{ n: unknown }>('SELECT count(*) AS n FROM events');
        assert.equal(Number(row!.n), events.length, `${name}: events table intact`);
      }
    });
  }
});
