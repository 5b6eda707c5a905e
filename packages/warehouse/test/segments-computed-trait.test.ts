import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  ComputedTraitComparisonError,
  computedTraitDefinitionSchema,
  segmentMembersReference,
  segmentRuleSchema,
  UnknownComputedTraitError,
  type AnalyticsEvent,
  type ComputedTraitDefinition,
  type ComputedTraitInput,
  type SegmentRule,
  type SegmentRuleInput,
} from '@trailmap/core';
import { segmentMembers } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng, RANDOM_EVENTS } from './support/random-events.js';

// The segment condition { computedTrait, op, value }: TS reference = DuckDB = ClickHouse, on hand
// fixtures, random rules over random events, and hostile values.
let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6);
const parse = (r: SegmentRuleInput) => segmentRuleSchema.parse(r);
const trait = (d: ComputedTraitInput) => computedTraitDefinitionSchema.parse(d);

async function agree(events: readonly AnalyticsEvent[], rule: SegmentRule, asOf: number, defs: Record<string, ComputedTraitDefinition>, saved: Record<string, SegmentRule> = {}, label = '') {
  const resolve = (k: string) => saved[k];
  const traits = (k: string) => defs[k];
  const expected = [...segmentMembersReference(events, rule, asOf, resolve, traits)].sort();
  for (const [name, wh] of engines.all) {
    const got = await segmentMembers(wh, rule, asOf, resolve, traits);
    assert.deepEqual(got, expected, `${name} ${label}: ${JSON.stringify(rule)}`);
  }
  return expected;
}

const DEFS: Record<string, ComputedTraitDefinition> = {
  orders: trait({ key: 'orders', name: 'Orders', aggregate: 'count', event: 'Order Completed' }),
  'orders-7d': trait({ key: 'orders-7d', name: 'Orders 7d', aggregate: 'count', event: 'Order Completed', window: '7d' }),
  spend: trait({ key: 'spend', name: 'Spend', aggregate: 'sum', event: 'Order Completed', property: 'revenue' }),
  'max-rev': trait({ key: 'max-rev', name: 'Max', aggregate: 'max', event: ['Order Completed', 'Cart Added'], property: 'revenue' }),
  'last-plan': trait({ key: 'last-plan', name: 'Last plan', aggregate: 'last', event: RANDOM_EVENTS as unknown as string[], property: 'plan' }),
  'top-plan': trait({ key: 'top-plan', name: 'Top plan', aggregate: 'most_frequent', event: 'Product Viewed', property: 'plan' }),
  plans: trait({ key: 'plans', name: 'Plans', aggregate: 'unique_list', event: 'Product Viewed', property: 'plan' }),
  'since-last': trait({ key: 'since-last', name: 'Days since', aggregate: 'days_since_last', event: 'Order Completed' }),
  emailed: trait({ key: 'emailed', name: 'Emailed', aggregate: 'exists', event: 'Email Opened', window: '10d' }),
};

function randomCondition(r: ReturnType<typeof rng>): SegmentRuleInput {
  const numeric = ['orders', 'orders-7d', 'spend', 'max-rev', 'since-last', 'emailed'];
  const k = r.int(0, 4);
  if (k === 0) return { computedTrait: r.pick([...numeric, 'last-plan', 'plans']), op: r.pick(['is_set', 'is_not_set'] as const) };
  if (k === 1) return { computedTrait: r.pick(numeric), op: r.pick(['gt', 'gte', 'lt', 'lte'] as const), value: r.int(0, 300) };
  if (k === 2) return { computedTrait: r.pick(['orders', 'orders-7d', 'emailed', 'since-last']), op: r.pick(['eq', 'neq'] as const), value: r.pick([0, 1, 2, '2', 'x']) };
  if (k === 3) return { computedTrait: r.pick(['orders', 'since-last']), op: r.pick(['in', 'not_in'] as const), value: [r.int(0, 3), r.int(0, 10)] };
  const op = r.pick(['eq', 'neq', 'contains', 'in'] as const);
  return { computedTrait: r.pick(['last-plan', 'top-plan']), op, value: op === 'in' ? ['gold', r.pick(['free', 'silver'])] : r.pick(['gold', 'silver', "o'hara; --", 'ol']) } as SegmentRuleInput;
}

describe('segments with computed-trait conditions: TS reference = DuckDB = ClickHouse', () => {
  test('hand fixtures', async () => {
    const ev = (personId: string, day: number, event: string, properties: Record<string, unknown> = {}): AnalyticsEvent => ({
      messageId: `${personId}-${day}-${event}`, personId, timestamp: START + day * DAY, type: 'track', event, name: null, touchpoint: event, channel: 'web', touchpointType: 'digital', stage: 'purchase', properties, traits: {}, context: {},
    });
    const events = [
      ev('ann', 1, 'Order Completed', { revenue: 120 }),
      ev('ann', 8, 'Order Completed', { revenue: 30.5 }),
      ev('bob', 2, 'Product Viewed', { plan: 'gold' }),
      ev('bob', 9, 'Order Completed', { revenue: 'n/a' }),
      ev('cat', 3, 'Product Viewed', { plan: 'free' }),
      ev('cat', 20, 'Order Completed', { revenue: 80 }), // after asOf
    ];
    await engines.load(events);
    const asOf = START + 10 * DAY;
    const cases: Array<[SegmentRuleInput, string[]]> = [
      [{ computedTrait: 'orders', op: 'gte', value: 2 }, ['ann']],
      [{ computedTrait: 'orders', op: 'eq', value: 0 }, ['cat'], ],
      [{ computedTrait: 'orders', op: 'eq', value: '1.0' }, ['bob']],
      [{ computedTrait: 'orders-7d', op: 'eq', value: 1 }, ['ann', 'bob']],
      [{ computedTrait: 'spend', op: 'eq', value: 150.5 }, ['ann']],
      [{ computedTrait: 'spend', op: 'is_not_set' }, ['bob', 'cat']],
      [{ computedTrait: 'since-last', op: 'lte', value: 1 }, ['bob']],
      [{ computedTrait: 'top-plan', op: 'eq', value: 'gold' }, ['bob']],
      [{ computedTrait: 'top-plan', op: 'neq', value: 'gold' }, ['cat']],
      [{ computedTrait: 'plans', op: 'is_set' }, ['bob', 'cat']],
      [{ all: [{ computedTrait: 'orders', op: 'gt', value: 0 }, { not: { inSegment: 'viewers' } }] }, ['ann']],
    ];
    const saved = { viewers: parse({ performed: { event: 'Product Viewed' } }) };
    for (const [rule, members] of cases) assert.deepEqual(await agree(events, parse(rule), asOf, DEFS, saved, 'fixture'), members, JSON.stringify(rule));
  });

  for (const seed of [4, 5]) {
    test(`random events and random rules with computed traits, seed ${seed}`, async () => {
      const events = randomEvents({ seed, people: 50, perPerson: [1, 30], tieRate: 0.2, spanMs: 40 * DAY });
      await engines.load(events);
      const r = rng(seed * 104_729);
      const saved = { big: parse({ computedTrait: 'spend', op: 'gt', value: 150 }) };
      let nonTrivial = 0;
      for (let i = 0; i < 25; i++) {
        const parts = Array.from({ length: r.int(1, 3) }, () => (r.chance(0.2) ? { not: randomCondition(r) } : randomCondition(r)));
        const rule = parse(parts.length === 1 ? parts[0]! : r.chance(0.5) ? { all: parts } : { any: [...parts, ...(r.chance(0.3) ? [{ inSegment: 'big' }] : [])] });
        const members = await agree(events, rule, START + r.int(5, 50) * DAY, DEFS, saved, `seed ${seed} rule ${i}`);
        if (members.length > 0 && members.length < 50) nonTrivial++;
      }
      assert.ok(nonTrivial >= 8, `most random rules split the people (${nonTrivial} of 25)`);
    });
  }

  test('hostile values are inert; an unknown key and a list compared by value are named errors', async () => {
    const events = randomEvents({ seed: 9, people: 20, perPerson: [1, 10] });
    await engines.load(events);
    const asOf = START + 60 * DAY;
    for (const h of ["'); DROP TABLE events; --", "o'hara; --", '") OR 1=1 --', '会员\u0000', '$1', '\\'])
      for (const rule of [{ computedTrait: 'last-plan', op: 'eq', value: h }, { computedTrait: 'orders', op: 'in', value: [h, 1] }, { computedTrait: 'top-plan', op: 'contains', value: h }] as SegmentRuleInput[])
        await agree(events, parse(rule), asOf, DEFS, {}, 'hostile');
    for (const [name, wh] of engines.all) {
      const [row] = await wh.query<{ n: number | bigint }>('SELECT count(*) AS n FROM events');
      assert.equal(Number(row!.n), events.length, 'the events table is intact');
      await assert.rejects(segmentMembers(wh, parse({ computedTrait: 'nope', op: 'is_set' }), asOf, undefined, (k) => DEFS[k]), (e: unknown) => e instanceof UnknownComputedTraitError && /"nope"/.test(e.message), name);
      await assert.rejects(segmentMembers(wh, parse({ computedTrait: 'plans', op: 'contains', value: 'gold' }), asOf, undefined, (k) => DEFS[k]), ComputedTraitComparisonError, name);
    }
    assert.throws(() => segmentMembersReference(events, parse({ computedTrait: 'nope', op: 'is_set' }), asOf), UnknownComputedTraitError);
  });
});
