import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { clvDefinitionSchema, clvFromEvents, clvSummaries, type AnalyticsEvent } from '@trailmap/core';
import { clvSummariesFromWarehouse, runClv } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

/** Random events; the value property is sometimes text, a non-number, absent, or a fraction; some purchases share a day. */
function clvEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed + 91);
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

describe('CLV purchase summary: TS reference = DuckDB = ClickHouse', () => {
  const defs = [
    {},
    { asOf: '2025-03-01' },
    { purchase: 'Checkout Started', value: 'amount', asOf: '2025-02-15' },
    { purchase: 'Order Completed', value: 'amount', unit: 'week' as const, horizon: 13, discount: 0.01 },
    { purchase: 'Home', value: 'revenue' }, // a page name is an event label too
    { purchase: "x'); DROP TABLE events; --", value: "a'b\"c" }, // injection attempts are plain values
  ];

  for (const seed of [5, 13]) {
    test(`seed ${seed}: summary per person, then the fitted result`, async () => {
      const events = clvEvents(seed);
      await engines.load(events);
      for (const input of defs) {
        const def = clvDefinitionSchema.parse(input);
        const expected = clvSummaries(events, def);
        if (!input.purchase?.startsWith('x')) {
          assert.ok(expected.people.length > 10, `fixture should have customers: ${JSON.stringify(input)}`);
          assert.ok(expected.people.some((p) => p.frequency > 0), 'and repeaters');
        }
        for (const [name, wh] of engines.all) {
          const got = await clvSummariesFromWarehouse(wh, def);
          assert.equal(got.asOfDay, expected.asOfDay, `${name} as-of ${JSON.stringify(input)}`);
          assert.equal(got.people.length, expected.people.length, `${name} ${JSON.stringify(input)}`);
          got.people.forEach((x, i) => {
            const e = expected.people[i]!;
            assert.deepEqual([x.personId, x.frequency, x.recencyDays, x.tDays], [e.personId, e.frequency, e.recencyDays, e.tDays], `${name} ${JSON.stringify(input)}`);
            assert.ok(Math.abs(x.monetary - e.monetary) < 1e-9, `${name} monetary ${x.personId}: ${x.monetary} vs ${e.monetary}`);
          });
        }
        if (input.purchase === undefined || input.unit === 'week') {
          const full = clvFromEvents(events, def, { people: true });
          for (const [name, wh] of engines.all) {
            const r = await runClv(wh, def, { people: true });
            assert.equal(r.customers, full.customers);
            assert.equal(r.repeaters, full.repeaters);
            for (const k of ['r', 'alpha', 'a', 'b', 'logLikelihood'] as const) assert.ok(Math.abs(r.bgnbd![k] - full.bgnbd![k]) <= 1e-9 * Math.abs(full.bgnbd![k]), `${name} ${k}`);
          }
        }
      }
      for (const [name, wh] of engines.all) {
        const [row] = await wh.query<{ n: unknown }>('SELECT count(*) AS n FROM events');
        assert.equal(Number(row!.n), events.length, `${name}: events table intact`);
      }
    });
  }
});
