import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { funnelReference, funnelSchema, type AnalyticsEvent, type FunnelInput } from '../src/index.js';
import { trackEvent } from './track-event.js';

const T = Date.UTC(2025, 0, 6); // a Monday
const M = 60_000;
const H = 60 * M;
const D = 24 * H;

let seq = 0;
const ev = (personId: string, at: number, event: string, properties: Record<string, unknown> = {}): AnalyticsEvent =>
  trackEvent({ messageId: `${personId}${String(++seq).padStart(3, '0')}`, personId, timestamp: T + at, event, touchpoint: 'web', stage: 'purchase', properties });

/**
 * A: the textbook conversion (1h to cart, 2h more to order).
 * B: cart 2 days after the view (outside a 1-day window), then a new view restarts the chain and reaches cart.
 * C: never views a product (not in the funnel).
 * D: view and cart at the same millisecond (one tie), order 10 minutes later.
 * E: an email between view and cart (breaks strict order; an exclusion target).
 * F: the steps in reverse order.
 */
const EVENTS: AnalyticsEvent[] = [
  ev('A', 0, 'Product Viewed', { plan: 'gold' }),
  ev('A', H, 'Cart Added'),
  ev('A', 3 * H, 'Order Completed'),
  ev('B', 0, 'Product Viewed', { plan: 'silver' }),
  ev('B', 2 * D, 'Cart Added'),
  ev('B', 3 * D, 'Product Viewed', { plan: 'gold' }),
  ev('B', 3 * D + 30 * M, 'Cart Added'),
  ev('C', 0, 'Cart Added'),
  ev('C', H, 'Order Completed'),
  ev('D', 0, 'Product Viewed'),
  ev('D', 0, 'Cart Added'),
  ev('D', 10 * M, 'Order Completed'),
  ev('E', 0, 'Product Viewed', { plan: 'silver' }),
  ev('E', 5 * M, 'Email Opened'),
  ev('E', 10 * M, 'Cart Added'),
  ev('E', 20 * M, 'Order Completed'),
  ev('F', 0, 'Order Completed'),
  ev('F', M, 'Cart Added'),
  ev('F', 2 * M, 'Product Viewed', { plan: 'silver' }),
];

const STEPS = [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Order Completed' }];
const run = (extra: Partial<FunnelInput> = {}) => funnelReference(EVENTS, { steps: STEPS, window: '1d', ...extra });
const counts = (extra: Partial<FunnelInput> = {}) => run(extra).steps.map((s) => s.count);

describe('funnel reference on hand-computed fixtures', () => {
  test('sequential: counts, conversion rates and drop-offs', () => {
    const r = run();
    assert.deepEqual(r.steps.map((s) => s.count), [5, 4, 3]);
    assert.deepEqual(r.steps.map((s) => s.dropOff), [0, 1, 1]);
    assert.deepEqual(r.steps.map((s) => s.conversionFromPrevious), [null, 4 / 5, 3 / 4]);
    assert.deepEqual(r.steps.map((s) => s.conversionFromFirst), [1, 4 / 5, 3 / 5]);
    assert.deepEqual(r.steps.map((s) => s.name), ['Product Viewed', 'Cart Added', 'Order Completed']);
  });

  test('sequential: step-to-step times and time to convert', () => {
    const r = run();
    // view → cart: A 60m, B 30m (restarted chain), D 0, E 10m.
    assert.deepEqual([r.steps[1]!.avgTimeFromPreviousMs, r.steps[1]!.medianTimeFromPreviousMs, r.steps[1]!.p90TimeFromPreviousMs], [25 * M, 20 * M, 51 * M]);
    // cart → order: A 120m, D 10m, E 10m.
    assert.deepEqual([r.steps[2]!.avgTimeFromPreviousMs, r.steps[2]!.medianTimeFromPreviousMs, r.steps[2]!.p90TimeFromPreviousMs], [Math.round((140 * M) / 3), 10 * M, 98 * M]);
    assert.equal(r.steps[0]!.medianTimeFromPreviousMs, null);
    // view → order: A 180m, D 10m, E 20m.
    assert.deepEqual([r.timeToConvert.avgMs, r.timeToConvert.medianMs, r.timeToConvert.p90Ms], [70 * M, 20 * M, 148 * M]);
    const nonEmpty = r.timeToConvert.histogram.filter((b) => b.count > 0).map((b) => [b.fromMs, b.toMs, b.count]);
    assert.deepEqual(nonEmpty, [[5 * M, 15 * M, 1], [15 * M, H, 1], [3 * H, 12 * H, 1]]);
  });

  test('strict and any order', () => {
    // Strict: B's second view and cart are consecutive (2); E's email breaks the run (1); F (1).
    assert.deepEqual(counts({ order: 'strict' }), [5, 3, 2]);
    // Any: B's best window from the cart at 2d holds the view at exactly 3d (2); F does all three;
    // C enters too (cart and order: 2 of the 3 steps, no step-1 event needed).
    assert.deepEqual(counts({ order: 'any' }), [6, 6, 4]);
    assert.equal(run({ order: 'any' }).timeToConvert.medianMs, null);
  });

  test('a conversion window that includes its end', () => {
    // B's cart is exactly 2 days after the first view: in a 2d window it converts from the first view.
    const r = run({ window: '2d' });
    assert.deepEqual(r.steps.map((s) => s.count), [5, 4, 3]);
    assert.equal(r.steps[1]!.medianTimeFromPreviousMs, 20 * M);
    assert.deepEqual(counts({ window: 2 * D - 1 }), [5, 4, 3]);
  });

  test('exclusions remove the entity from every step; events at a step time do not exclude', () => {
    assert.deepEqual(counts({ exclusions: [{ step: { event: 'Email Opened' }, from: 1, to: 2 }] }), [4, 3, 2]);
    // The email (5m) is not between E's cart (10m) and order (20m).
    assert.deepEqual(counts({ exclusions: [{ step: { event: 'Email Opened' }, from: 2, to: 3 }] }), [5, 4, 3]);
    // A and E have a cart strictly between view and order; B (never ordered) has one after its view
    // within the window; D's cart shares the view's millisecond and F's precedes its view: kept.
    assert.deepEqual(counts({ exclusions: [{ step: { event: 'Cart Added' }, from: 1, to: 3 }] }), [2, 1, 1]);
  });

  test('breakdown by the step-1 property of the judged conversion', () => {
    const r = run({ breakdown: { property: 'plan' } });
    assert.deepEqual(
      r.breakdown!.map((b) => [b.value, b.steps.map((s) => s.count)]),
      [['gold', [2, 2, 1]], ['silver', [2, 1, 1]], [null, [1, 1, 1]]],
    );
    // Times per value. gold: A (cart after 1h, order 2h later) and B's second chain (cart after
    // 30 min, no order): view→cart avg 45 min, median 45 min, p90 = 30 + 0.9 × 30 = 57 min;
    // cart→order and the total are A's alone (2h, 3h). silver: E (10 min, 10 min, 20 min in all).
    // not set: D (cart in the view's millisecond, order 10 min later).
    const times = (value: string | null) => {
      const b = r.breakdown!.find((x) => x.value === value)!;
      return [b.steps.map((s) => [s.avgTimeFromPreviousMs, s.medianTimeFromPreviousMs, s.p90TimeFromPreviousMs]), b.timeToConvert];
    };
    assert.deepEqual(times('gold'), [[[null, null, null], [45 * M, 45 * M, 57 * M], [2 * H, 2 * H, 2 * H]], { avgMs: 3 * H, medianMs: 3 * H, p90Ms: 3 * H }]);
    assert.deepEqual(times('silver'), [[[null, null, null], [10 * M, 10 * M, 10 * M], [10 * M, 10 * M, 10 * M]], { avgMs: 20 * M, medianMs: 20 * M, p90Ms: 20 * M }]);
    assert.deepEqual(times(null), [[[null, null, null], [0, 0, 0], [10 * M, 10 * M, 10 * M]], { avgMs: 10 * M, medianMs: 10 * M, p90Ms: 10 * M }]);
  });

  test('over time by the day of the step-1 time', () => {
    assert.deepEqual(run().overTime, [
      { period: new Date(T).toISOString(), entered: 4, converted: 3, rate: 3 / 4, complete: true },
      { period: new Date(T + 3 * D).toISOString(), entered: 1, converted: 0, rate: 0, complete: false },
    ]);
    assert.deepEqual(run({ interval: 'week' }).overTime, [{ period: new Date(T).toISOString(), entered: 5, converted: 3, rate: 3 / 5, complete: false }]);
  });

  test('a period is complete when its end plus the window lies before the observation end (newest event + 1 ms, capped by range.to)', () => {
    // The newest event is B's cart at T + 3 d 30 min. Day T ends at T + 1 d; with the 1-day window its entrants are settled at T + 2 d.
    assert.equal(run().observedUntil, new Date(T + 3 * D + 30 * M + 1).toISOString());
    // A 2-day window: day T settles at T + 3 d, before the observation end; day T + 3 d settles at T + 6 d, after it.
    assert.deepEqual(run({ window: '2d' }).overTime.map((p) => p.complete), [true, false]);
    // A 3-day window: day T settles at T + 4 d, after T + 3 d 30 min.
    assert.deepEqual(run({ window: '3d' }).overTime.map((p) => p.complete), [false, false]);
    // range.to caps the observation end: exactly T + 2 d still settles day T (end + window = T + 2 d), 1 ms less does not.
    const upTo = (ms: number) => run({ range: { to: new Date(ms).toISOString() } });
    assert.equal(upTo(T + 2 * D).observedUntil, new Date(T + 2 * D).toISOString());
    assert.deepEqual(upTo(T + 2 * D).overTime.map((p) => p.complete), [true]);
    assert.deepEqual(upTo(T + 2 * D - 1).overTime.map((p) => p.complete), [false]);
    assert.equal(funnelReference([], { steps: STEPS }).observedUntil, null);
  });

  test('counting by session: conversion within one 30-minute-gap session', () => {
    // A's steps are hours apart (3 sessions, 1 entered); B has 2 sessions with a view; D and E convert; F enters.
    assert.deepEqual(counts({ countBy: 'session' }), [6, 3, 2]);
  });

  test('the people who dropped at a step', () => {
    assert.deepEqual(run({ dropOffStep: 2 }).dropOff, { step: 2, count: 1, people: ['F'] });
    assert.deepEqual(run({ dropOffStep: 3, dropOffLimit: 1 }).dropOff, { step: 3, count: 1, people: ['B'] });
  });

  test('the time range and segment narrow the events', () => {
    assert.deepEqual(counts({ range: { from: new Date(T + D).toISOString() } }), [1, 1, 0]);
  });

  test('definitions are validated with the field named', () => {
    const bad = (d: unknown, path: string) => {
      const r = funnelSchema.safeParse(d);
      assert.ok(!r.success, JSON.stringify(d));
      assert.ok(r.error.issues.some((i) => i.path.join('.') === path), `${path}: ${JSON.stringify(r.error.issues)}`);
    };
    bad({ steps: [{ event: 'A' }] }, 'steps');
    bad({ steps: STEPS, window: 'soon' }, 'window');
    bad({ steps: STEPS, order: 'random' }, 'order');
    bad({ steps: STEPS, dropOffStep: 4 }, 'dropOffStep');
    bad({ steps: STEPS, exclusions: [{ step: { event: 'X' }, from: 2, to: 4 }] }, 'exclusions.0.to');
    bad({ steps: STEPS, exclusions: [{ step: { event: 'X' }, from: 2, to: 2 }] }, 'exclusions.0.to');
    bad({ steps: STEPS, stepNames: ['a'] }, 'stepNames');
    assert.equal(funnelSchema.parse({ steps: STEPS }).window, 14 * D);
  });
});
