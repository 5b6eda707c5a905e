import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compareText, computedTraitDefinitionSchema, computedTraitValues, MAX_UNIQUE_LIST, type AnalyticsEvent, type ComputedTraitInput } from '../src/index.js';
import { trackEvent } from './track-event.js';

const DAY = 86_400_000;
const AS_OF = Date.UTC(2025, 2, 31); // 2025-03-31T00:00Z
const order = (messageId: string, personId: string, at: number, properties: Record<string, unknown>) =>
  trackEvent({ messageId, personId, timestamp: at, event: 'Order Completed', touchpoint: 'web_checkout', properties });

/**
 * Hand fixture, as of 2025-03-31T00:00Z (A):
 *  ann  a1 A−40d order {revenue 100, sku b}; a2 A−10d order {revenue "20.5", sku a};
 *       a3 A−10d (same instant, later id) order {revenue "n/a", sku b}; a4 A−36h order {sku c};
 *       a5 A−5d Product Viewed {sku z}; a6 at A exactly order {revenue 1000, sku zz} (not before A)
 *  bob  b1 A−90d exactly order {revenue 5, sku a}; b2 A−91d order {revenue 7, sku a};
 *       b3 A−2d page "Home" (touchpoint web_home)
 *  cat  c1 A−3d Product Viewed {revenue 3}
 *  dan  d1 A+1ms order (only after A: dan is unknown as of A)
 */
const EVENTS: AnalyticsEvent[] = [
  order('a1', 'ann', AS_OF - 40 * DAY, { revenue: 100, sku: 'b' }),
  order('a2', 'ann', AS_OF - 10 * DAY, { revenue: '20.5', sku: 'a' }),
  order('a3', 'ann', AS_OF - 10 * DAY, { revenue: 'n/a', sku: 'b' }),
  order('a4', 'ann', AS_OF - 1.5 * DAY, { sku: 'c' }),
  trackEvent({ messageId: 'a5', personId: 'ann', timestamp: AS_OF - 5 * DAY, event: 'Product Viewed', touchpoint: 'web_product', properties: { sku: 'z' } }),
  order('a6', 'ann', AS_OF, { revenue: 1000, sku: 'zz' }),
  order('b1', 'bob', AS_OF - 90 * DAY, { revenue: 5, sku: 'a' }),
  order('b2', 'bob', AS_OF - 91 * DAY, { revenue: 7, sku: 'a' }),
  trackEvent({ messageId: 'b3', personId: 'bob', timestamp: AS_OF - 2 * DAY, type: 'page', event: null, name: 'Home', touchpoint: 'web_home' }),
  trackEvent({ messageId: 'c1', personId: 'cat', timestamp: AS_OF - 3 * DAY, event: 'Product Viewed', touchpoint: 'web_product', properties: { revenue: 3 } }),
  order('d1', 'dan', AS_OF + 1, { revenue: 9 }),
];

const OC = { event: 'Order Completed' };
/** [definition without key/name, expected values per person]. */
export const CASES: Array<[Omit<ComputedTraitInput, 'key' | 'name'>, Record<string, number | string>]> = [
  [{ ...OC, aggregate: 'count' }, { ann: 4, bob: 2, cat: 0 }],
  [{ ...OC, aggregate: 'count', window: '90d' }, { ann: 4, bob: 1, cat: 0 }], // b1 at A−90d is inside [A−90d, A)
  [{ ...OC, aggregate: 'count', window: '10d' }, { ann: 3, bob: 0, cat: 0 }], // a2, a3 on the edge are in
  [{ ...OC, aggregate: 'exists' }, { ann: 1, bob: 1, cat: 0 }],
  [{ ...OC, aggregate: 'exists', window: '1d' }, { ann: 0, bob: 0, cat: 0 }], // a4 is 36 h before A
  [{ ...OC, aggregate: 'sum', property: 'revenue' }, { ann: 120.5, bob: 12 }], // "n/a" and a missing revenue are skipped
  [{ ...OC, aggregate: 'min', property: 'revenue' }, { ann: 20.5, bob: 5 }],
  [{ ...OC, aggregate: 'max', property: 'revenue' }, { ann: 100, bob: 7 }],
  [{ ...OC, aggregate: 'max', property: 'revenue', window: '2d' }, {}], // a4 has no revenue: no value
  [{ ...OC, aggregate: 'first', property: 'sku' }, { ann: 'b', bob: 'a' }],
  [{ ...OC, aggregate: 'last', property: 'sku' }, { ann: 'c', bob: 'a' }],
  [{ ...OC, aggregate: 'first', property: 'revenue' }, { ann: '100', bob: '7' }], // numbers as their JSON text
  [{ ...OC, aggregate: 'last', property: 'revenue' }, { ann: 'n/a', bob: '5' }], // a4 unset; a3 beats a2 on message id
  [{ ...OC, aggregate: 'most_frequent', property: 'sku' }, { ann: 'b', bob: 'a' }],
  [{ ...OC, aggregate: 'most_frequent', property: 'sku', window: '30d' }, { ann: 'a' }], // a, b, c once each: smallest
  [{ ...OC, aggregate: 'unique_list', property: 'sku' }, { ann: '["a","b","c"]', bob: '["a"]' }],
  [{ ...OC, aggregate: 'days_since_first' }, { ann: 40, bob: 91 }],
  [{ ...OC, aggregate: 'days_since_last' }, { ann: 1, bob: 90 }], // 36 h → 1 whole day
  [{ touchpoint: 'web_home', aggregate: 'count' }, { ann: 0, bob: 1, cat: 0 }],
  [{ event: 'Home', aggregate: 'count' }, { ann: 0, bob: 1, cat: 0 }], // a page name is an event label
  [{ event: 'Product Viewed', touchpoint: 'web_checkout', aggregate: 'count' }, { ann: 0, bob: 0, cat: 0 }],
  [{ ...OC, where: [{ property: 'revenue', op: 'gte', value: 20 }], aggregate: 'count' }, { ann: 2, bob: 0, cat: 0 }], // "20.5" is a number, "n/a" not
  [{ ...OC, where: [{ property: 'revenue', op: 'gte', value: 20 }], aggregate: 'sum', property: 'revenue' }, { ann: 120.5 }],
  [{ ...OC, where: [{ property: 'sku', op: 'in', value: ['a'] }], aggregate: 'exists' }, { ann: 1, bob: 1, cat: 0 }],
  [{ event: ['Order Completed', 'Product Viewed'], aggregate: 'sum', property: 'revenue' }, { ann: 120.5, bob: 12, cat: 3 }],
  [{ event: ['Order Completed', 'Product Viewed'], where: [{ property: 'sku', op: 'is_not_set' }], aggregate: 'days_since_last' }, { cat: 3 }],
];

const def = (d: Omit<ComputedTraitInput, 'key' | 'name'>) => computedTraitDefinitionSchema.parse({ key: 't', name: 'T', ...d });

describe('computed traits: hand-computed fixtures', () => {
  for (const [d, expected] of CASES) {
    test(`${d.aggregate} ${JSON.stringify(d)}`, () => {
      const got = Object.fromEntries(computedTraitValues(EVENTS, def(d), AS_OF).map((r) => [r.personId, r.value]));
      assert.deepEqual(got, expected);
    });
  }

  test('unique_list keeps the smallest MAX_UNIQUE_LIST texts in code-point order', () => {
    const evs = Array.from({ length: MAX_UNIQUE_LIST + 20 }, (_, i) => order(`u${i}`, 'eve', AS_OF - DAY, { sku: `s${String(1000 - i)}` }));
    evs.push(order('x1', 'eve', AS_OF - DAY, { sku: '\u{1F600}' }), order('x2', 'eve', AS_OF - DAY, { sku: '\uFF21' }));
    const [row] = computedTraitValues(evs, def({ ...OC, aggregate: 'unique_list', property: 'sku' }), AS_OF);
    const list = JSON.parse(String(row!.value)) as string[];
    assert.equal(list.length, MAX_UNIQUE_LIST);
    assert.deepEqual(list.slice(0, 2), ['s1000', 's881']); // text order, not numeric; s881..s1000 with the two others
    assert.ok(!list.includes('\u{1F600}') && !list.includes('\uFF21'), 'the largest texts are the ones left out');
    assert.equal(list.at(-1), 's979');
    // the emoji (U+1F600) sorts after U+FF21 in code-point order, though not in UTF-16 order
    assert.equal(compareText('\u{1F600}', '\uFF21'), 1);
    assert.ok('\u{1F600}' < '\uFF21');
  });

  test('definitions: a property is needed exactly by the aggregates that read one; an event or touchpoint is needed', () => {
    assert.throws(() => def({ ...OC, aggregate: 'sum' }), /needs a property/);
    assert.throws(() => def({ ...OC, aggregate: 'count', property: 'revenue' }), /reads no property/);
    assert.throws(() => def({ aggregate: 'count' }), /give an event/);
    assert.throws(() => def({ ...OC, aggregate: 'count', window: '4000d' }), /at most/);
    assert.throws(() => computedTraitDefinitionSchema.parse({ key: 'Bad Key', name: 'x', ...OC, aggregate: 'count' }), /slug/);
    assert.equal(def({ ...OC, aggregate: 'count', window: '2w' }).window, 14 * DAY);
  });
});
