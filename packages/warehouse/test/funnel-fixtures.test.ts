import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { funnelReference, type AnalyticsEvent, type FunnelInput } from '@trailmap/core';
import { runFunnel } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';

const T = Date.UTC(2025, 0, 6);
const M = 60_000;
const H = 60 * M;
const D = 24 * H;

let seq = 0;
const ev = (personId: string, at: number, event: string, properties: Record<string, unknown> = {}, type = 'track'): AnalyticsEvent => ({
  messageId: `${personId}${String(++seq).padStart(3, '0')}`,
  personId,
  timestamp: T + at,
  type,
  event: type === 'track' ? event : null,
  name: type === 'page' ? event : null,
  touchpoint: 'web',
  channel: 'web',
  touchpointType: 'digital',
  stage: 'purchase',
  properties,
  traits: type === 'identify' ? properties : {},
  context: {},
});

/**
 * Worked out on paper (window 1 day, steps View → Cart → Order):
 * A converts (1h, then 2h). B's cart is 2 days late; a second view restarts and reaches cart in 30m.
 * D does view and cart in the same millisecond, order 10m later. E has a page view between view
 * and cart (breaks strict order; excluded by a page exclusion). G views twice: the later view
 * judges the conversion (times from it). H is a gold-plan person (identify) who only views.
 */
const EVENTS: AnalyticsEvent[] = [
  ev('A', 0, 'View', { plan: 'gold' }),
  ev('A', H, 'Cart'),
  ev('A', 3 * H, 'Order'),
  ev('B', 0, 'View'),
  ev('B', 2 * D, 'Cart'),
  ev('B', 3 * D, 'View'),
  ev('B', 3 * D + 30 * M, 'Cart'),
  ev('D', 0, 'View'),
  ev('D', 0, 'Cart'),
  ev('D', 10 * M, 'Order'),
  ev('E', 0, 'View', { plan: 'silver' }),
  ev('E', 5 * M, 'Help', {}, 'page'),
  ev('E', 10 * M, 'Cart'),
  ev('E', 20 * M, 'Order'),
  ev('G', 0, 'View', { plan: 'silver' }),
  ev('G', 20 * M, 'View', { plan: 'gold' }),
  ev('G', 30 * M, 'Cart'),
  ev('H', -D, 'identify', { plan: 'gold' }, 'identify'),
  ev('H', 0, 'View'),
];

const STEPS = [{ event: 'View' }, { event: 'Cart' }, { event: 'Order' }];

let engines: Engines;
before(async () => {
  engines = await openEngines();
  await engines.load(EVENTS);
});
after(() => engines.close());

/** Run on both engines; both must equal the reference, and the reference is returned for hand checks. */
async function check(extra: Partial<FunnelInput>) {
  const def = { steps: STEPS, window: '1d', ...extra };
  const expected = funnelReference(EVENTS, def);
  for (const [name, wh] of engines.all) assert.deepEqual(await runFunnel(wh, def), expected, `${name}: ${JSON.stringify(extra)}`);
  return expected;
}

describe('funnel SQL on hand-computed fixtures (DuckDB and ClickHouse)', () => {
  test('sequential counts and step times', async () => {
    const r = await check({});
    assert.deepEqual(r.steps.map((s) => s.count), [6, 5, 3]);
    // view → cart: A 60m, B 30m, D 0, E 10m, G 10m (from the later view) → median 10m, avg 22m.
    assert.deepEqual([r.steps[1]!.medianTimeFromPreviousMs, r.steps[1]!.avgTimeFromPreviousMs], [10 * M, 22 * M]);
    // view → order: A 180m, D 10m, E 20m.
    assert.deepEqual([r.timeToConvert.medianMs, r.timeToConvert.avgMs], [20 * M, 70 * M]);
  });

  test('strict, any, sessions', async () => {
    // Strict: E's page view breaks the run (1); G's cart follows its second view (2).
    assert.deepEqual((await check({ order: 'strict' })).steps.map((s) => s.count), [6, 4, 2]);
    assert.deepEqual((await check({ order: 'any' })).steps.map((s) => s.count), [6, 5, 3]);
    // Sessions (30-minute gap): A 3 sessions (1 entered), B 2 entered (1 to cart), D, E, G (cart), H.
    assert.deepEqual((await check({ countBy: 'session' })).steps.map((s) => s.count), [7, 4, 2]);
  });

  test('a funnel nobody enters', async () => {
    const r = await check({ steps: [{ event: 'Nope' }, { event: 'Order' }], breakdown: { property: 'plan' }, dropOffStep: 2 });
    assert.deepEqual(r.steps.map((s) => [s.count, s.conversionFromFirst]), [[0, null], [0, null]]);
    assert.deepEqual([r.overTime, r.breakdown, r.dropOff, r.timeToConvert.medianMs], [[], [], { step: 2, count: 0, people: [] }, null]);
  });

  test('exclusions, breakdowns, drop-off', async () => {
    assert.deepEqual((await check({ exclusions: [{ step: { event: 'Help' }, from: 1, to: 2 }] })).steps.map((s) => s.count), [5, 4, 2]);
    const byPlan = await check({ breakdown: { property: 'plan' } });
    assert.deepEqual(byPlan.breakdown!.map((b) => [b.value, b.steps.map((s) => s.count)]), [[null, [3, 2, 1]], ['gold', [2, 2, 1]], ['silver', [1, 1, 1]]]);
    const byTrait = await check({ breakdown: { trait: 'plan' } });
    assert.deepEqual(byTrait.breakdown!.map((b) => [b.value, b.steps[0]!.count]), [[null, 5], ['gold', 1]]);
    assert.deepEqual((await check({ dropOffStep: 3 })).dropOff, { step: 3, count: 2, people: ['B', 'G'] });
    assert.deepEqual((await check({ dropOffStep: 2, segment: [{ property: 'plan', op: 'eq', value: 'gold' }] })).dropOff, { step: 2, count: 1, people: ['H'] });
  });
});
