import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  COMPUTED_TRAIT_AGGREGATES,
  PROPERTY_AGGREGATES,
  computedTraitDefinitionSchema,
  computedTraitValues,
  type AnalyticsEvent,
  type ComputedTraitDefinition,
  type ComputedTraitInput,
  type ComputedTraitRow,
} from '@trailmap/core';
import { computedTraitFromWarehouse, computedTraitsFromWarehouse, computedTraitsSql, ONE_SCAN_AGGREGATES } from '../src/index.js';
import { Params } from '../src/dialect/dialect.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng, RANDOM_EVENTS, RANDOM_TOUCHPOINTS } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6);
const parse = (d: Omit<ComputedTraitInput, 'key' | 'name'>) => computedTraitDefinitionSchema.parse({ key: 't', name: 'T', ...d });

const close = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) : a === b;

/** Engine rows equal the reference: same people, same values (numbers within 1e-9 relative). */
async function agree(events: readonly AnalyticsEvent[], def: ComputedTraitDefinition, asOf: number, label: string): Promise<ComputedTraitRow[]> {
  const expected = computedTraitValues(events, def, asOf);
  for (const [name, wh] of engines.all) {
    const got = await computedTraitFromWarehouse(wh, def, asOf);
    const msg = `${name} ${label}: ${JSON.stringify(def)}`;
    assert.deepEqual(
      got.map((r) => r.personId),
      expected.map((r) => r.personId),
      `${msg}: people`,
    );
    got.forEach((r, i) => assert.ok(close(r.value, expected[i]!.value), `${msg}: ${r.personId} got ${JSON.stringify(r.value)}, expected ${JSON.stringify(expected[i]!.value)}`));
  }
  return expected;
}

/** Random events; `amount` is sometimes numeric text (plain decimal forms), "n/a", a fraction, a boolean or absent; `sku` a short text. */
function traitEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed + 101);
  return randomEvents({ seed, people: 80, perPerson: [1, 30], spanMs: 60 * DAY, tieRate: 0.15 }).map((e) => {
    const props = { ...e.properties };
    const k = r.next();
    if (k < 0.1) props.amount = String(r.int(1, 500));
    else if (k < 0.15) props.amount = 'n/a';
    else if (k < 0.3) props.amount = r.int(-400, 400) / 8;
    else if (k < 0.35) props.amount = r.chance(0.5) ? true : r.pick(['+5', '.5', '5.', '1e3', '-0', '-2.5e-1', '12abc']);
    else if (k < 0.75) props.amount = r.int(0, 300);
    if (r.chance(0.7)) props.sku = r.pick(['a', 'b', 'c', 'B', 'é', '会员', 'x y', "o'h"]);
    return { ...e, properties: props };
  });
}

function randomDefinition(r: ReturnType<typeof rng>): Omit<ComputedTraitInput, 'key' | 'name'> {
  const aggregate = r.pick(COMPUTED_TRAIT_AGGREGATES);
  const labels = [...RANDOM_EVENTS, 'Home', 'Product'];
  const d: Omit<ComputedTraitInput, 'key' | 'name'> = { aggregate };
  const k = r.next();
  if (k < 0.6) d.event = r.pick(labels);
  else if (k < 0.75) d.event = [r.pick(labels), r.pick(labels)];
  else if (k < 0.9) d.touchpoint = r.pick(RANDOM_TOUCHPOINTS);
  else {
    d.event = r.pick(labels);
    d.touchpoint = [r.pick(RANDOM_TOUCHPOINTS), r.pick(RANDOM_TOUCHPOINTS)];
  }
  if (r.chance(0.35)) {
    const f = r.int(0, 3);
    d.where = [
      f === 0
        ? { property: 'revenue', op: r.pick(['gt', 'gte', 'lt', 'lte'] as const), value: r.int(0, 200) }
        : f === 1
          ? { property: 'plan', op: r.pick(['eq', 'neq', 'contains'] as const), value: r.pick(['gold', 'ol', 'free']) }
          : f === 2
            ? { property: 'sku', op: r.pick(['in', 'not_in'] as const), value: ['a', 'b'] }
            : { property: 'amount', op: r.pick(['is_set', 'is_not_set'] as const) },
    ];
  }
  if (PROPERTY_AGGREGATES.includes(aggregate)) d.property = r.pick(['amount', 'revenue', 'sku', 'plan', 'flag', 'odd "key"', 'missing']);
  if (r.chance(0.5)) d.window = r.chance(0.3) ? r.int(1, 5 * DAY) : `${r.int(1, 40)}d`;
  return d;
}

describe('computed traits: TS reference = DuckDB = ClickHouse', () => {
  test('hand fixtures: each aggregate, window edges, filters', async () => {
    const asOf = Date.UTC(2025, 2, 31);
    const ev = (messageId: string, personId: string, at: number, event: string | null, properties: Record<string, unknown> = {}, extra: Partial<AnalyticsEvent> = {}): AnalyticsEvent => ({
      messageId,
      personId,
      timestamp: at,
      type: 'track',
      event,
      name: null,
      touchpoint: event === 'Order Completed' ? 'web_checkout' : 'web_product',
      channel: 'web',
      touchpointType: 'digital',
      stage: 'purchase',
      properties,
      traits: {},
      context: {},
      ...extra,
    });
    const events = [
      ev('a1', 'ann', asOf - 40 * DAY, 'Order Completed', { revenue: 100, sku: 'b' }),
      ev('a2', 'ann', asOf - 10 * DAY, 'Order Completed', { revenue: '20.5', sku: 'a' }),
      ev('a3', 'ann', asOf - 10 * DAY, 'Order Completed', { revenue: 'n/a', sku: 'b' }),
      ev('a4', 'ann', asOf - 1.5 * DAY, 'Order Completed', { sku: 'c' }),
      ev('a5', 'ann', asOf - 5 * DAY, 'Product Viewed', { sku: 'z' }),
      ev('a6', 'ann', asOf, 'Order Completed', { revenue: 1000, sku: 'zz' }),
      ev('b1', 'bob', asOf - 90 * DAY, 'Order Completed', { revenue: 5, sku: 'a' }),
      ev('b2', 'bob', asOf - 91 * DAY, 'Order Completed', { revenue: 7, sku: 'a' }),
      ev('b3', 'bob', asOf - 2 * DAY, null, {}, { type: 'page', name: 'Home', touchpoint: 'web_home' }),
      ev('c1', 'cat', asOf - 3 * DAY, 'Product Viewed', { revenue: 3 }),
      ev('d1', 'dan', asOf + 1, 'Order Completed', { revenue: 9 }),
    ];
    await engines.load(events);
    const OC = { event: 'Order Completed' };
    const cases: Array<[Omit<ComputedTraitInput, 'key' | 'name'>, Record<string, number | string>]> = [
      [{ ...OC, aggregate: 'count' }, { ann: 4, bob: 2, cat: 0 }],
      [{ ...OC, aggregate: 'count', window: '90d' }, { ann: 4, bob: 1, cat: 0 }],
      [{ ...OC, aggregate: 'count', window: '10d' }, { ann: 3, bob: 0, cat: 0 }],
      [{ ...OC, aggregate: 'exists' }, { ann: 1, bob: 1, cat: 0 }],
      [{ ...OC, aggregate: 'sum', property: 'revenue' }, { ann: 120.5, bob: 12 }],
      [{ ...OC, aggregate: 'min', property: 'revenue' }, { ann: 20.5, bob: 5 }],
      [{ ...OC, aggregate: 'max', property: 'revenue' }, { ann: 100, bob: 7 }],
      [{ ...OC, aggregate: 'max', property: 'revenue', window: '2d' }, {}],
      [{ ...OC, aggregate: 'first', property: 'sku' }, { ann: 'b', bob: 'a' }],
      [{ ...OC, aggregate: 'last', property: 'revenue' }, { ann: 'n/a', bob: '5' }],
      [{ ...OC, aggregate: 'first', property: 'revenue' }, { ann: '100', bob: '7' }],
      [{ ...OC, aggregate: 'most_frequent', property: 'sku' }, { ann: 'b', bob: 'a' }],
      [{ ...OC, aggregate: 'most_frequent', property: 'sku', window: '30d' }, { ann: 'a' }],
      [{ ...OC, aggregate: 'unique_list', property: 'sku' }, { ann: '["a","b","c"]', bob: '["a"]' }],
      [{ ...OC, aggregate: 'days_since_first' }, { ann: 40, bob: 91 }],
      [{ ...OC, aggregate: 'days_since_last' }, { ann: 1, bob: 90 }],
      [{ touchpoint: 'web_home', aggregate: 'count' }, { ann: 0, bob: 1, cat: 0 }],
      [{ event: 'Home', aggregate: 'count' }, { ann: 0, bob: 1, cat: 0 }],
      [{ ...OC, where: [{ property: 'revenue', op: 'gte', value: 20 }], aggregate: 'count' }, { ann: 2, bob: 0, cat: 0 }],
      [{ event: ['Order Completed', 'Product Viewed'], aggregate: 'sum', property: 'revenue' }, { ann: 120.5, bob: 12, cat: 3 }],
    ];
    for (const [d, want] of cases) {
      const rows = await agree(events, parse(d), asOf, 'fixture');
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.personId, r.value])), want, JSON.stringify(d));
    }
  });

  for (const seed of [1, 2, 3]) {
    test(`random definitions on random events, seed ${seed}`, async () => {
      const events = traitEvents(seed);
      await engines.load(events);
      const r = rng(seed * 6007);
      const seen = new Set<string>();
      let withValues = 0;
      for (let i = 0; i < 40; i++) {
        const def = parse(randomDefinition(r));
        seen.add(def.aggregate);
        const asOf = r.chance(0.2) ? START + r.int(0, 70) * DAY : START + r.int(0, 70 * DAY);
        const rows = await agree(events, def, asOf, `seed ${seed} definition ${i}`);
        if (rows.some((x) => x.value !== 0)) withValues++;
      }
      assert.ok(withValues >= 15, `most random definitions give values (${withValues} of 40)`);
      assert.ok(seen.size >= 8, `the definitions cover most aggregates (${[...seen].join(', ')})`);
    });
  }

  test('many definitions at once (one scan for the scalar aggregates) equal the reference, each', async () => {
    const events = traitEvents(5);
    await engines.load(events);
    const r = rng(424242);
    for (let round = 0; round < 4; round++) {
      const defs = Array.from({ length: 12 }, (_, i) => computedTraitDefinitionSchema.parse({ key: `t${i}`, name: `T${i}`, ...randomDefinition(r) }));
      const asOf = START + r.int(10, 60) * DAY;
      const scan = defs.filter((d) => ONE_SCAN_AGGREGATES.includes(d.aggregate));
      assert.ok(scan.length >= 3, 'several definitions share the scan');
      const p = new Params(engines.duckdb.dialect);
      assert.equal((computedTraitsSql(scan, p, asOf).match(/\bFROM events\b/g) ?? []).length, 1, 'one scan of the events');
      for (const [name, wh] of engines.all) {
        const got = await computedTraitsFromWarehouse(wh, defs, asOf);
        for (const def of defs) {
          const expected = computedTraitValues(events, def, asOf);
          const rows = got.get(def.key)!;
          const msg = `${name} batch round ${round}: ${JSON.stringify(def)}`;
          assert.deepEqual(rows.map((x) => x.personId), expected.map((x) => x.personId), msg);
          rows.forEach((x, i) => assert.ok(close(x.value, expected[i]!.value), `${msg}: ${x.personId} ${x.value} vs ${expected[i]!.value}`));
        }
      }
    }
    assert.throws(() => computedTraitsSql([parse({ event: 'Home', aggregate: 'first', property: 'sku' })], new Params(engines.duckdb.dialect), START), /its own query/);
  });

  test('every aggregate on random events, with a window and a filter', async () => {
    const events = traitEvents(7);
    await engines.load(events);
    const asOf = START + 45 * DAY;
    for (const aggregate of COMPUTED_TRAIT_AGGREGATES) {
      const numeric = aggregate === 'sum' || aggregate === 'min' || aggregate === 'max';
      for (const property of PROPERTY_AGGREGATES.includes(aggregate) ? (numeric ? ['amount', 'revenue'] : ['amount', 'sku']) : [undefined]) {
        const base = { aggregate, ...(property ? { property } : {}) };
        const plain = await agree(events, parse({ ...base, event: ['Order Completed', 'Cart Added'] }), asOf, 'every aggregate');
        assert.ok(plain.length > 0, `${aggregate} ${property ?? ''} gives values`);
        await agree(events, parse({ ...base, event: 'Order Completed', window: '10d', where: [{ property: 'plan', op: 'neq', value: 'gold' }] }), asOf, 'every aggregate, windowed');
      }
    }
  });

  test('injection attempts in event names, touchpoints, property keys and values are inert', async () => {
    const events = traitEvents(9);
    await engines.load(events);
    const asOf = START + 60 * DAY;
    const hostile = ["'); DROP TABLE events; --", "o'hara; --", '") OR 1=1 --', '会员\u0000', '$1', '{x}', '{p0:String}', '\\', '/a~b'];
    for (const h of hostile) {
      for (const d of [
        { event: h, aggregate: 'count' },
        { touchpoint: h, aggregate: 'exists' },
        { event: 'Order Completed', aggregate: 'sum', property: h },
        { event: 'Order Completed', aggregate: 'unique_list', property: h, where: [{ property: h, op: 'contains', value: h }] },
        { event: ['Order Completed', h], aggregate: 'most_frequent', property: 'sku', where: [{ property: 'plan', op: 'in', value: [h, 'gold'] }] },
      ] as Array<Omit<ComputedTraitInput, 'key' | 'name'>>)
        await agree(events, parse(d), asOf, 'hostile');
    }
    for (const [, wh] of engines.all) {
      const [row] = await wh.query<{ n: number | bigint }>('SELECT count(*) AS n FROM events');
      assert.equal(Number(row!.n), events.length, 'the events table is intact');
    }
  });
});
