import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  conversionJourneys,
  conversionPathCounts,
  conversionPathsSchema,
  conversionValue,
  journeyTouchTimes,
  type AnalyticsEvent,
  type ConversionPathsInput,
} from '../src/index.js';
import { trackEvent } from './track-event.js';

const T0 = Date.UTC(2025, 0, 6);
const H = 3_600_000;

/** One event; `id` is the message id, which orders events of the same millisecond. */
function ev(id: string, personId: string, hour: number, touchpoint: string, o: Partial<AnalyticsEvent> = {}): AnalyticsEvent {
  return trackEvent({ messageId: id, personId, timestamp: T0 + hour * H, event: 'Viewed', touchpoint, channel: touchpoint.split('_')[0]!, stage: 'purchase', ...o });
}
const order = (id: string, personId: string, hour: number, properties: Record<string, unknown> = {}) =>
  ev(id, personId, hour, 'web_order', { event: 'Order Completed', properties });

// A (lookback 2d = 48 h): email h0 is 60 h before the first order (cut); product twice, cart, order
// (revenue 100); app_home, order (revenue is text, so value 30); a second order in the same ms
// with no touch between (direct, total 7); identify (never a touch); support h80 is 120 h
// before the last touch h200 (cut from the null journey); email h200.
// B never converts. C converts directly with no value. D: a touch in the order's millisecond
// before it (message id) belongs to the order, one after it to the null journey.
const EVENTS: AnalyticsEvent[] = [
  ev('a01', 'A', 0, 'email_newsletter'),
  ev('a02', 'A', 30, 'web_product'),
  ev('a03', 'A', 31, 'web_product'),
  ev('a04', 'A', 40, 'web_cart'),
  order('a05', 'A', 60, { revenue: 100 }),
  ev('a06', 'A', 61, 'app_home', { type: 'screen', event: null, name: 'Home' }),
  order('a07', 'A', 62, { revenue: '12.5', value: 30, total: 99 }),
  order('a08', 'A', 62, { revenue: true, value: null, total: 7 }),
  ev('a09', 'A', 70, 'web_profile', { type: 'identify', event: null, traits: { plan: 'gold' } }),
  ev('a10', 'A', 80, 'support_chat'),
  ev('a11', 'A', 200, 'email_reminder'),
  ev('b01', 'B', 0, 'web_product'),
  ev('b02', 'B', 1, 'web_product'),
  order('c01', 'C', 5),
  ev('d01', 'D', 10, 'web_cart'),
  ev('d03', 'D', 10, 'app_home'),
  order('d02', 'D', 10, { revenue: -4.5 }),
];

const run = (input: ConversionPathsInput) => conversionJourneys(EVENTS, conversionPathsSchema.parse(input));
const labelsOf = (input: ConversionPathsInput) => run(input).map((j) => [j.personId, j.converted, j.value, j.touches.map((t) => t.label)]);

describe('conversion journeys: hand-computed fixture', () => {
  test('every conversion closes a journey; lookback cut; direct conversions; null journeys; value fallback', () => {
    assert.deepEqual(labelsOf({ lookback: '2d' }), [
      ['A', true, 100, ['web_product', 'web_product', 'web_cart']],
      ['A', true, 30, ['app_home']],
      ['A', true, 7, []],
      ['A', false, 0, ['email_reminder']],
      ['B', false, 0, ['web_product', 'web_product']],
      ['C', true, 0, []],
      ['D', true, -4.5, ['web_cart']],
      ['D', false, 0, ['app_home']],
    ]);
    const a = run({ lookback: '2d' });
    assert.equal(a[0]!.conversionAt, T0 + 60 * H);
    assert.deepEqual(a[0]!.touches.map((t) => t.timestamp), [T0 + 30 * H, T0 + 31 * H, T0 + 40 * H]);
    assert.equal(a[3]!.conversionAt, null);
  });

  test('the default lookback (30 days) keeps the early email and the support chat', () => {
    const rows = labelsOf({});
    assert.deepEqual(rows[0]![3], ['email_newsletter', 'web_product', 'web_product', 'web_cart']);
    assert.deepEqual(rows[3]![3], ['support_chat', 'email_reminder']);
  });

  test('a touch exactly `lookback` before the conversion is kept, 1 ms more is cut', () => {
    const evs = [ev('x1', 'X', 0, 'web_a'), ev('x2', 'X', 0, 'web_b', { timestamp: T0 + 1 }), order('x3', 'X', 1)];
    assert.deepEqual(conversionJourneys(evs, conversionPathsSchema.parse({ lookback: H - 1 }))[0]!.touches.map((t) => t.label), ['web_b']);
    assert.deepEqual(conversionJourneys(evs, conversionPathsSchema.parse({ lookback: '1h' }))[0]!.touches.map((t) => t.label), ['web_a', 'web_b']);
  });

  test('collapseRepeats merges consecutive equal labels (keeping the latest touch); maxTouches keeps the last ones', () => {
    const c = run({ lookback: '2d', collapseRepeats: true });
    assert.deepEqual(c[0]!.touches, [{ label: 'web_product', timestamp: T0 + 31 * H }, { label: 'web_cart', timestamp: T0 + 40 * H }]);
    assert.deepEqual(c[4]!.touches.map((t) => t.label), ['web_product']);
    assert.deepEqual(run({ maxTouches: 2 })[0]!.touches.map((t) => t.label), ['web_product', 'web_cart']);
    // Collapse first, then the limit: [email, product, cart] → last 2.
    assert.deepEqual(run({ maxTouches: 2, collapseRepeats: true })[0]!.touches.map((t) => t.label), ['web_product', 'web_cart']);
    assert.deepEqual(run({ maxTouches: 3, collapseRepeats: true })[0]!.touches.map((t) => t.label), ['email_newsletter', 'web_product', 'web_cart']);
  });

  test('labels by channel or event label; touches and conversion matchers', () => {
    assert.deepEqual(labelsOf({ lookback: '2d', by: 'channel' })[0]![3], ['web', 'web', 'web']);
    assert.deepEqual(labelsOf({ lookback: '2d', by: 'event' })[1]![3], ['Home']);
    const emailOnly = labelsOf({ touches: { channel: 'email' } });
    assert.deepEqual(emailOnly.map((r) => r[3]), [['email_newsletter'], [], [], ['email_reminder'], [], []]);
    // The cart as the conversion: A's first journey ends there (the email is 40 h before); orders become touches.
    const cart = labelsOf({ conversion: { touchpoint: 'web_cart' }, lookback: '2d' });
    assert.deepEqual(cart.slice(0, 2), [['A', true, 0, ['email_newsletter', 'web_product', 'web_product']], ['A', false, 0, ['email_reminder']]]);
  });

  test('range limits every event; segment keeps people by latest traits', () => {
    const from = new Date(T0 + 50 * H).toISOString();
    assert.deepEqual(labelsOf({ range: { from }, lookback: '2d' }).slice(0, 2), [['A', true, 100, []], ['A', true, 30, ['app_home']]]);
    assert.deepEqual(new Set(run({ segment: [{ property: 'plan', op: 'eq', value: 'gold' }] }).map((j) => j.personId)), new Set(['A']));
  });

  test('path counts and touch times from the journeys', () => {
    const def = conversionPathsSchema.parse({ lookback: '2d', collapseRepeats: true });
    const js = conversionJourneys(EVENTS, def);
    assert.deepEqual(conversionPathCounts(js), [
      { labels: [], conversions: 2, nulls: 0, value: 7 },
      { labels: ['app_home'], conversions: 1, nulls: 1, value: 30 },
      { labels: ['email_reminder'], conversions: 0, nulls: 1, value: 0 },
      { labels: ['web_cart'], conversions: 1, nulls: 0, value: -4.5 },
      { labels: ['web_product'], conversions: 0, nulls: 1, value: 0 },
      { labels: ['web_product', 'web_cart'], conversions: 1, nulls: 0, value: 100 },
    ]);
    assert.deepEqual(journeyTouchTimes(js)[0], { labels: ['web_product', 'web_cart'], msBefore: [29 * H, 20 * H], value: 100 });
    assert.equal(journeyTouchTimes(js).length, 5);
  });

  test('conversion value: revenue, else value, else total, JSON numbers only', () => {
    assert.equal(conversionValue({ revenue: 10, value: 20, total: 30 }), 10);
    assert.equal(conversionValue({ revenue: '10', value: 20 }), 20);
    assert.equal(conversionValue({ revenue: null, value: false, total: 0.25 }), 0.25);
    assert.equal(conversionValue({ amount: 5 }), 0);
    assert.ok(Object.is(conversionValue({ revenue: -0 }), 0));
  });

  test('definition defaults and errors', () => {
    const d = conversionPathsSchema.parse({});
    assert.deepEqual(d.conversion, { event: 'Order Completed' });
    assert.equal(d.lookback, 30 * 86_400_000);
    // No cap by default: every touch within the lookback is kept.
    assert.deepEqual([d.by, d.collapseRepeats, d.maxTouches], ['touchpoint', false, undefined]);
    assert.equal(conversionPathsSchema.safeParse({ maxTouches: 1.5 }).success, false);
    assert.equal(conversionPathsSchema.safeParse({ maxTouches: 1_000_001 }).success, false);
    assert.equal(conversionPathsSchema.safeParse({ lookback: '3 parsecs' }).success, false);
    assert.equal(conversionPathsSchema.safeParse({ by: 'stage' }).success, false);
    assert.equal(conversionPathsSchema.safeParse({ maxTouches: 0 }).success, false);
    assert.equal(conversionPathsSchema.safeParse({ extra: 1 }).success, false);
  });
});
