import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clvDefinitionSchema, clvSummaries, type AnalyticsEvent } from '../src/index.js';
import { trackEvent } from './track-event.js';

const DAY = 86_400_000;
const H = 3_600_000;
const D = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/**
 * As of 2025-03-31 (day numbers below are from 2025-01-01 = day 0; the as-of day is 89).
 *
 *  who  purchases (day: values)                       purchase days  x  t_x  T    monetary
 *  A    1 Jan: 10 ; 11 Jan: 20 + 30 (same day) ; 31 Jan: 40   0,10,30   2  30  89   (50 + 40)/2 = 45
 *  B    1 Mar 23:30 and 2 Mar 00:30 (two days) : 5, 7        59,60      1   1  30   7
 *  C    one day, three purchases 15 Mar: 1+2+3                 73        0   0  16   0
 *  D    31 Mar 23:59: 9 (on the as-of day, counts); 1 Apr: 100 (after)  89  0  0   0   0
 *  E    10 Feb: "12.5" (text), 20 Feb: "n/a" (0), 20 Feb: 8   40,50      1  10  49   8 (n/a counts 0)
 *  F    only Product Viewed: not a customer; G only after the as-of day: not a customer.
 */
function fixtureEvents(): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  let n = 0;
  const buy = (personId: string, timestamp: number, revenue: unknown, event = 'Order Completed') =>
    out.push(trackEvent({ messageId: `m${++n}`, personId, timestamp, event, touchpoint: 'web_checkout', properties: { revenue } }));
  buy('A', D('2025-01-01') + 10 * H, 10);
  buy('A', D('2025-01-11') + 1 * H, 20);
  buy('A', D('2025-01-11') + 22 * H, 30);
  buy('A', D('2025-01-31') + 5 * H, 40);
  buy('A', D('2025-02-01'), 999, 'Product Viewed');
  buy('B', D('2025-03-01') + 23.5 * H, 5);
  buy('B', D('2025-03-02') + 0.5 * H, 7);
  buy('C', D('2025-03-15') + 1 * H, 1);
  buy('C', D('2025-03-15') + 2 * H, 2);
  buy('C', D('2025-03-15') + 3 * H, 3);
  buy('D', D('2025-03-31') + DAY - 60_000, 9);
  buy('D', D('2025-04-01'), 100);
  buy('E', D('2025-02-10'), '12.5');
  buy('E', D('2025-02-20') + H, 'n/a');
  buy('E', D('2025-02-20') + 2 * H, 8);
  buy('F', D('2025-03-01'), 50, 'Product Viewed');
  buy('G', D('2025-04-02'), 50);
  return out;
}

describe('CLV purchase summary: hand-computed fixture (lifetimes conventions)', () => {
  test('frequency, recency, T and monetary per person as of 2025-03-31', () => {
    const { asOfDay, people } = clvSummaries(fixtureEvents(), clvDefinitionSchema.parse({ asOf: '2025-03-31' }));
    assert.equal(asOfDay, D('2025-03-31') / DAY);
    assert.deepEqual(
      people.map((p) => [p.personId, p.frequency, p.recencyDays, p.tDays, p.monetary]),
      [
        ['A', 2, 30, 89, 45],
        ['B', 1, 1, 30, 7],
        ['C', 0, 0, 16, 0],
        ['D', 0, 0, 0, 0],
        ['E', 1, 10, 49, 8],
      ],
    );
  });

  test('without --as-of the day of the latest purchase is used (G on 2 Apr)', () => {
    const { asOfDay, people } = clvSummaries(fixtureEvents(), clvDefinitionSchema.parse({}));
    assert.equal(asOfDay, D('2025-04-02') / DAY);
    const d = people.find((p) => p.personId === 'D')!;
    assert.deepEqual([d.frequency, d.recencyDays, d.tDays, d.monetary], [1, 1, 2, 100]);
    assert.deepEqual(people.map((p) => p.personId), ['A', 'B', 'C', 'D', 'E', 'G']);
  });

  test('a definition is checked at the boundary', () => {
    assert.throws(() => clvDefinitionSchema.parse({ asOf: '2025-13-40' }));
    assert.throws(() => clvDefinitionSchema.parse({ horizon: 0 }));
    assert.throws(() => clvDefinitionSchema.parse({ unit: 'month' }));
    assert.throws(() => clvDefinitionSchema.parse({ extra: 1 }));
  });
});
