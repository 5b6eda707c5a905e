import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rfm, rfmDefinitionSchema, rfmRaw, type AnalyticsEvent } from '@trailmap/core';
import { rfmRawFromWarehouse, runRfm } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

/** Random events; the value property is sometimes text, a non-number, absent, or a fraction. */
function rfmEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed + 77);
  return randomEvents({ seed, people: 150, perPerson: [1, 30], spanMs: 120 * 86_400_000, tieRate: 0.05 }).map((e) => {
    const props = { ...e.properties };
    const k = r.next();
    if (k < 0.1) props.amount = String(r.int(1, 500));
    else if (k < 0.15) props.amount = 'n/a';
    else if (k < 0.3) props.amount = r.int(1, 400) / 4;
    else if (k < 0.8) props.amount = r.int(0, 300);
    return { ...e, properties: props };
  });
}

describe('RFM raw R/F/M: TS reference = DuckDB = ClickHouse', () => {
  const defs = [
    {},
    { asOf: '2025-03-01' },
    { purchase: 'Checkout Started', value: 'amount', asOf: '2025-02-15' },
    { purchase: 'Order Completed', value: 'amount' },
    { purchase: 'Home', value: 'revenue' }, // a page name is an event label too
    { purchase: "x'); DROP TABLE events; --", value: "a'b\"c" }, // injection attempts are plain values
  ];

  for (const seed of [3, 11]) {
    test(`seed ${seed}: raw per person, then scores, groups and grid`, async () => {
      const events = rfmEvents(seed);
      await engines.load(events);
      for (const input of defs) {
        const def = rfmDefinitionSchema.parse(input);
        const expected = rfmRaw(events, def);
        if (!input.purchase?.startsWith('x')) assert.ok(expected.length > 10, `fixture should have customers: ${JSON.stringify(input)}`);
        const full = rfm(events, def, { people: true });
        for (const [name, wh] of engines.all) {
          const raw = await rfmRawFromWarehouse(wh, def);
          assert.equal(raw.length, expected.length, `${name} ${JSON.stringify(input)}`);
          raw.forEach((x, i) => {
            const e = expected[i]!;
            assert.deepEqual([x.personId, x.lastMs, x.frequency], [e.personId, e.lastMs, e.frequency], `${name} ${JSON.stringify(input)}`);
            assert.ok(Math.abs(x.monetary - e.monetary) < 1e-9, `${name} monetary ${x.personId}: ${x.monetary} vs ${e.monetary}`);
          });
          assert.deepEqual(await runRfm(wh, def, { people: true }), full, `${name} result ${JSON.stringify(input)}`);
        }
      }
      for (const [name, wh] of engines.all) {
        const [row] = await wh.query<{ n: unknown }>('SELECT count(*) AS n FROM events');
        assert.equal(Number(row!.n), events.length, `${name}: events table intact`);
      }
    });
  }
});
