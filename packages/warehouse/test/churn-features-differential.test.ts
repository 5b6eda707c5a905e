import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { churn, churnDefinitionSchema, churnFeatures, churnLabelled, dayOfText, type AnalyticsEvent } from '@trailmap/core';
import { churnFeaturesFromWarehouse, churnLabelledFromWarehouse, runChurn } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

/** Random events over 150 days; the value property is sometimes text, a non-number, absent, or a fraction. */
function churnEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed + 5);
  return randomEvents({ seed, people: 160, perPerson: [1, 40], spanMs: 150 * 86_400_000, tieRate: 0.05 }).map((e) => {
    const props = { ...e.properties };
    const k = r.next();
    if (k < 0.1) props.amount = String(r.int(1, 500));
    else if (k < 0.15) props.amount = 'n/a';
    else if (k < 0.3) props.amount = r.int(1, 400) / 4;
    else if (k < 0.8) props.amount = r.int(0, 300);
    return { ...e, properties: props, stage: r.chance(0.1) ? '' : e.stage };
  });
}

describe('churn features and labels: TS reference = DuckDB = ClickHouse', () => {
  const defs = [
    {},
    { windowDays: 14, activeEvent: 'Order Completed', value: 'amount' },
    { windowDays: 5, activeEvent: 'Home', purchase: 'Checkout Started', value: 'amount' }, // a page name is an event label too
    { activeEvent: "x'); DROP TABLE events; --", purchase: "a'b\"c", value: "k'); --" }, // injection attempts are plain values
  ];
  const cutoffs = ['2025-02-01', '2025-03-10', '2025-04-20'];

  for (const seed of [4, 19]) {
    test(`seed ${seed}: per person, per cutoff`, async () => {
      const events = churnEvents(seed);
      await engines.load(events);
      for (const input of defs) {
        const def = churnDefinitionSchema.parse(input);
        const labels = new Set<boolean>();
        for (const day of cutoffs) {
          const cutoff = dayOfText(day);
          const expected = churnLabelled(events, def, cutoff);
          if (!input.activeEvent?.startsWith('x')) {
            assert.ok(expected.length > 10, `fixture should have people: ${JSON.stringify(input)} ${day}`);
            for (const r of expected) labels.add(r.churned);
          }
          for (const [name, wh] of engines.all) {
            const got = await churnLabelledFromWarehouse(wh, def, cutoff);
            assert.equal(got.length, expected.length, `${name} ${JSON.stringify(input)} ${day}`);
            got.forEach((x, i) => {
              const e = expected[i]!;
              const { purchaseValue, ...rest } = x;
              const { purchaseValue: ev, ...erest } = e;
              assert.deepEqual(rest, erest, `${name} ${JSON.stringify(input)} ${day}`);
              assert.ok(Math.abs(purchaseValue - ev) < 1e-9, `${name} value ${x.personId}: ${purchaseValue} vs ${ev}`);
            });
            assert.equal((await churnFeaturesFromWarehouse(wh, def, cutoff)).length, churnFeatures(events, def, cutoff).length);
          }
        }
        if (!input.activeEvent?.startsWith('x')) assert.equal(labels.size, 2, `people who churn and who stay: ${JSON.stringify(input)}`);
      }
      const def = churnDefinitionSchema.parse({ windowDays: 30, asOf: '2025-05-20', top: 5 });
      const full = churn(events, def);
      for (const [name, wh] of engines.all) {
        const got = await runChurn(wh, def);
        assert.equal(got.validation.auc, full.validation.auc, `${name} auc`);
        assert.equal(got.validation.baselineAuc, full.validation.baselineAuc, `${name} baseline auc`);
        assert.deepEqual(got.people.map((p) => p.personId), full.people.map((p) => p.personId), `${name} most at risk`);
        got.model.coefficients.forEach((c, j) => assert.ok(Math.abs(c.coefficient - full.model.coefficients[j]!.coefficient) < 1e-9, `${name} ${c.feature}`));
        const [row] = await wh.query<{ n: unknown }>('SELECT count(*) AS n FROM events');
        assert.equal(Number(row!.n), events.length, `${name}: events table intact`);
      }
    });
  }
});
