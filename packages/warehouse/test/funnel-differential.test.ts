import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { funnelReference, funnelSchema, type FunnelInput } from '@trailmap/core';
import { eventMatchSql, funnelEntitiesSql, Params, runFunnel, timeRangeSql } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const H = 3_600_000;
const DAY = 24 * H;

/** Definitions covering ties, repeats, OR steps, filters, breakdowns, sessions, exclusions and every order. */
const DEFINITIONS: FunnelInput[] = [
  { steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Order Completed' }], window: '2d' },
  { steps: [{ event: 'Product Viewed' }, { event: 'Product Viewed' }, { event: 'Product Viewed' }], window: '3d' },
  { steps: [{ event: ['Product Viewed', 'Home'] }, { event: ['Cart Added', 'Cart'] }, { event: 'Checkout Started' }, { event: 'Order Completed' }], window: 5 * DAY, breakdown: { property: 'plan' } },
  { steps: [{ channel: 'web' }, { event: 'Order Completed', where: [{ property: 'revenue', op: 'gt', value: 50 }] }], window: '12h', breakdown: { trait: 'plan' }, interval: 'week' },
  { steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Order Completed' }], window: '7d', countBy: 'session' },
  { steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Order Completed' }], window: '7d', order: 'strict' },
  { steps: [{}, { event: 'Cart Added' }, {}], window: '1h', order: 'strict', countBy: 'session' },
  { steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, {}], window: '1d', order: 'strict', countBy: 'session', breakdown: { trait: 'plan' } },
  { steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Order Completed' }], window: '3d', order: 'any', breakdown: { property: 'plan' } },
  {
    steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Checkout Started' }],
    window: '4d',
    exclusions: [{ step: { event: 'Support Ticket Opened' }, from: 1, to: 3 }, { step: { event: 'Email Opened' }, from: 2, to: 3 }],
    dropOffStep: 2,
    dropOffLimit: 7,
  },
  {
    steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }],
    window: '10d',
    range: { from: '2025-01-10T00:00:00Z', to: '2025-02-01T00:00:00Z' },
    segment: [{ property: 'plan', op: 'neq', value: 'free' }],
    interval: 'month',
    dropOffStep: 2,
  },
];

describe('funnels: TS reference = DuckDB = ClickHouse', () => {
  for (const seed of [1, 2, 3]) {
    test(`random events, seed ${seed}`, async () => {
      const events = randomEvents({ seed, people: 70, perPerson: [1, 40], tieRate: 0.25, spanMs: 20 * DAY });
      await engines.load(events);
      for (const def of DEFINITIONS) {
        const expected = funnelReference(events, def);
        if (seed === 1) assert.ok(expected.steps[0]!.count > 0, `nobody entered: ${JSON.stringify(def)}`);
        for (const [name, wh] of engines.all) {
          const got = await runFunnel(wh, def);
          assert.deepEqual(got, expected, `${name}, seed ${seed}: ${JSON.stringify(def)}`);
        }
      }
    });
  }
});

describe('sequential order = ClickHouse native windowFunnel', () => {
  for (const seed of [4, 5, 6, 7]) {
    test(`max step per person, seed ${seed}`, async () => {
      const events = randomEvents({ seed, people: 120, perPerson: [1, 40], tieRate: 0.3, spanMs: 15 * DAY });
      await engines.load(events);
      const steps = [{ event: ['Product Viewed', 'Home'] }, { event: 'Cart Added' }, { event: ['Checkout Started', 'Cart Added'] }, { event: 'Order Completed', where: [{ property: 'revenue', op: 'lte' as const, value: 150 }] }];
      for (const windowMs of [H, 2 * DAY]) {
        const d = funnelSchema.parse({ steps, window: windowMs });
        const ch = engines.clickhouse;
        const p = new Params(ch.dialect);
        const conds = steps.map((s) => eventMatchSql(s, p)).join(', ');
        const native = await ch.query<{ person_id: string; level: number }>(
          `SELECT person_id, windowFunnel(${windowMs})(toUInt64(toUnixTimestamp64Milli(timestamp)), ${conds}) AS level FROM events WHERE ${timeRangeSql(undefined, p)} GROUP BY person_id`,
          p.values,
        );
        const nativeLevels = new Map(native.filter((r) => Number(r.level) > 0).map((r) => [r.person_id, Number(r.level)]));
        assert.ok([...nativeLevels.values()].some((l) => l >= 3), 'some people should get far');
        for (const [name, wh] of engines.all) {
          const q = new Params(wh.dialect);
          const rows = await wh.query<{ person: string; max_step: number }>(`SELECT person, max_step FROM (${funnelEntitiesSql(d, q)}) AS fe`, q.values);
          const ours = new Map(rows.map((r) => [r.person, Number(r.max_step)]));
          assert.deepEqual(new Map([...ours].sort()), new Map([...nativeLevels].sort()), `${name} vs windowFunnel, window ${windowMs}`);
        }
        const ref = funnelReference(events, d);
        const byLevel = [...nativeLevels.values()];
        assert.deepEqual(ref.steps.map((s) => s.count), steps.map((_, i) => byLevel.filter((l) => l > i).length), `reference vs windowFunnel, window ${windowMs}`);
      }
    });
  }
});
