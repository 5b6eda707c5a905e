import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { quintileScores, rfm, rfmDefinitionSchema, rfmGroupOf, type AnalyticsEvent } from '../src/index.js';
import { trackEvent } from './track-event.js';

const DAY = 86_400_000;
const AS_OF = Date.UTC(2025, 2, 31); // 2025-03-31

/**
 * Twelve customers, as of 2025-03-31. n = 12; a score is 1 + floor(5·L/12), L = people strictly
 * worse (more days for recency; smaller F or M).
 *
 *  who  days  F   M     L_R → R   L_F → F   L_M → M   FM=ceil((F+M)/2)  group (R, FM)
 *  A     1   10  1000   11 → 5    11 → 5    11 → 5     5                champions
 *  B     2    8   800   10 → 5    10 → 5     9 → 4     5                champions
 *  C     3    1    50    9 → 4     0 → 1     2 → 1     1                promising
 *  D     5    6   600    8 → 4     8 → 4     8 → 4     4                loyal_customers
 *  E    10    2   100    6 → 3     3 → 2     3 → 2     2                about_to_sleep
 *  F    10    3   300    6 → 3     5 → 3     5 → 3     3                need_attention
 *  G    20    5   500    5 → 3     7 → 3     7 → 3     3                need_attention
 *  H    30    1    20    4 → 2     0 → 1     1 → 1     1                hibernating
 *  I    40    4   450    3 → 2     6 → 3     6 → 3     3                at_risk
 *  J    60    7   900    2 → 1     9 → 4    10 → 5     5                cant_lose_them
 *  K    90    1    10    1 → 1     0 → 1     0 → 1     1                lost
 *  L   120    2   150    0 → 1     3 → 2     4 → 2     2                lost
 *
 * E and F tie on 10 days: both have 6 people with more days (G..L), so both score 3.
 * Each person's earlier purchases are worth 10 each and the last one the rest of M.
 */
const PEOPLE: Array<[string, number, number, number]> = [
  ['A', 1, 10, 1000], ['B', 2, 8, 800], ['C', 3, 1, 50], ['D', 5, 6, 600], ['E', 10, 2, 100], ['F', 10, 3, 300],
  ['G', 20, 5, 500], ['H', 30, 1, 20], ['I', 40, 4, 450], ['J', 60, 7, 900], ['K', 90, 1, 10], ['L', 120, 2, 150],
];
const EXPECTED: Record<string, [number, number, number, number, string]> = {
  A: [5, 5, 5, 5, 'champions'], B: [5, 5, 4, 5, 'champions'], C: [4, 1, 1, 1, 'promising'], D: [4, 4, 4, 4, 'loyal_customers'],
  E: [3, 2, 2, 2, 'about_to_sleep'], F: [3, 3, 3, 3, 'need_attention'], G: [3, 3, 3, 3, 'need_attention'], H: [2, 1, 1, 1, 'hibernating'],
  I: [2, 3, 3, 3, 'at_risk'], J: [1, 4, 5, 5, 'cant_lose_them'], K: [1, 1, 1, 1, 'lost'], L: [1, 2, 2, 2, 'lost'],
};

function fixtureEvents(): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  let n = 0;
  const ev = (personId: string, timestamp: number, event: string, properties: Record<string, unknown>) =>
    out.push(trackEvent({ messageId: `m${++n}`, personId, timestamp, event, touchpoint: 'web_checkout', properties }));
  for (const [who, days, f, m] of PEOPLE) {
    const last = AS_OF - days * DAY + 12 * 3_600_000;
    for (let i = 1; i < f; i++) ev(who, last - (f - i) * 3 * 3_600_000, 'Order Completed', { revenue: 10 });
    // A's last value arrives as text, as some sources send it; numbers in text count.
    ev(who, last, 'Order Completed', { revenue: who === 'A' ? String(m - 10 * (f - 1)) : m - 10 * (f - 1) });
    ev(who, last + 60_000, 'Product Viewed', { revenue: 999 }); // not a purchase
  }
  ev('A', AS_OF + DAY + 1, 'Order Completed', { revenue: 5000 }); // after the as-of day: not counted
  ev('M', AS_OF + 5 * DAY, 'Order Completed', { revenue: 7 }); // only after: not a customer as of the day
  ev('N', AS_OF, 'Product Viewed', {}); // never purchased
  return out;
}

describe('RFM: hand-computed fixture', () => {
  const def = rfmDefinitionSchema.parse({ asOf: '2025-03-31' });
  const result = rfm(fixtureEvents(), def, { people: true });

  test('scores and groups per person', () => {
    assert.equal(result.customers, 12);
    assert.equal(result.asOf, '2025-03-31');
    for (const p of result.people!) {
      const [r, f, m, fm, group] = EXPECTED[p.personId]!;
      const [, days, freq, mon] = PEOPLE.find((x) => x[0] === p.personId)!;
      assert.deepEqual([p.recencyDays, p.frequency, p.monetary], [days, freq, mon], `raw ${p.personId}`);
      assert.deepEqual([p.r, p.f, p.m, p.fm, p.group], [r, f, m, fm, group], `scores ${p.personId}`);
    }
  });

  test('group counts and monetary totals', () => {
    const g = Object.fromEntries(result.groups.map((x) => [x.group, [x.count, x.monetary]]));
    assert.deepEqual(g, {
      champions: [2, 1800], loyal_customers: [1, 600], potential_loyalists: [0, 0], new_customers: [0, 0], promising: [1, 50],
      need_attention: [2, 800], about_to_sleep: [1, 100], at_risk: [1, 450], cant_lose_them: [1, 900], hibernating: [1, 20], lost: [2, 160],
    });
    assert.equal(result.groups.find((x) => x.group === 'champions')!.share, 2 / 12);
  });

  test('the 5×5 grid', () => {
    assert.equal(result.grid.length, 25);
    const cell = (r: number, fm: number) => result.grid.find((c) => c.r === r && c.fm === fm)!;
    assert.deepEqual([cell(5, 5).count, cell(5, 5).monetary], [2, 1800]);
    assert.deepEqual([cell(3, 3).count, cell(3, 3).monetary], [2, 800]);
    assert.deepEqual([cell(1, 2).count, cell(1, 2).monetary, cell(1, 2).group], [1, 150, 'lost']);
    assert.deepEqual([cell(5, 1).count, cell(5, 1).group], [0, 'new_customers']);
    assert.equal(result.grid.reduce((s, c) => s + c.count, 0), 12);
    assert.deepEqual(result.grid.slice(0, 2).map((c) => [c.r, c.fm]), [[5, 1], [5, 2]]);
  });

  test('without asOf the day of the latest purchase is used, and later purchases count', () => {
    const r = rfm(fixtureEvents(), rfmDefinitionSchema.parse({}), { people: true });
    assert.equal(r.asOf, '2025-04-05');
    assert.equal(r.customers, 13);
    const a = r.people!.find((p) => p.personId === 'A')!;
    assert.deepEqual([a.frequency, a.monetary, a.recencyDays], [11, 6000, 4]);
  });

  test('ties share a score (the tie group\'s lowest rank); grid map', () => {
    assert.deepEqual(quintileScores([1, 1, 1, 1, 2], true), [1, 1, 1, 1, 5]);
    assert.deepEqual(quintileScores([1, 1, 1, 1, 2], false), [2, 2, 2, 2, 1]);
    assert.deepEqual(quintileScores([10, 20, 30, 40, 50], true), [1, 2, 3, 4, 5]);
    assert.equal(rfmGroupOf(5, 1), 'new_customers');
    assert.equal(rfmGroupOf(1, 5), 'cant_lose_them');
    assert.equal(rfmGroupOf(2, 1), 'hibernating');
  });

  test('bad definitions are refused naming the field; empty data gives an empty grid', () => {
    const bad = rfmDefinitionSchema.safeParse({ asOf: '2025-13-45' });
    assert.equal(bad.success, false);
    assert.deepEqual(bad.error!.issues[0]!.path, ['asOf']);
    assert.equal(rfmDefinitionSchema.safeParse({ purchase: '' }).success, false);
    const empty = rfm([], def);
    assert.deepEqual([empty.customers, empty.grid.length, empty.grid.every((c) => c.count === 0)], [0, 25, true]);
  });
});
