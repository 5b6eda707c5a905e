import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifecycle, lifecycleSchema, stickiness, stickinessSchema } from '../src/index.js';
import { ev } from './retention-fixtures.js';

// W0 = 2025-01-06 … W3 = 2025-01-27. a: W0 W1 W3; b: W0; c: W1 W2.
const events = [
  ev('a', '2025-01-06T09:00:00Z', 'Home'),
  ev('a', '2025-01-14T09:00:00Z', 'Home'),
  ev('a', '2025-01-28T09:00:00Z', 'Home'),
  ev('b', '2025-01-07T09:00:00Z', 'Home'),
  ev('c', '2025-01-13T09:00:00Z', 'Home'),
  ev('c', '2025-01-22T09:00:00Z', 'Home'),
];
const table = (r: ReturnType<typeof lifecycle>) => r.rows.map((x) => [x.period.slice(0, 10), x.new, x.returning, x.resurrecting, x.dormant, x.churnRate]);

test('lifecycle splits actives into new, returning, resurrecting and dormant (negative)', () => {
  const r = lifecycle(events, lifecycleSchema.parse({ period: 'week' }));
  assert.deepEqual(table(r), [
    ['2025-01-06', 2, 0, 0, 0, null],
    ['2025-01-13', 1, 1, 0, -1, 0.5],
    ['2025-01-20', 0, 1, 0, -1, 0.5],
    ['2025-01-27', 0, 0, 1, -1, 1],
  ]);
  assert.deepEqual(r.rows.map((x) => x.active), [2, 2, 1, 1]);
  assert.deepEqual(r.rows.map((x) => x.quickRatio), [null, 1, 0, 1]);
});

test('history before the range still decides who is new', () => {
  const r = lifecycle(events, lifecycleSchema.parse({ period: 'week', range: { from: '2025-01-13T00:00:00Z' } }));
  assert.deepEqual(table(r)[0], ['2025-01-13', 1, 1, 0, -1, 0.5]);
  assert.equal(r.rows.length, 3);
});

test('stickiness: active days per person-week, DAU over weekly actives on the observed days', () => {
  const evs = [
    ev('a', '2025-01-06T09:00:00Z', 'Home'),
    ev('a', '2025-01-07T09:00:00Z', 'Home'),
    ev('a', '2025-01-07T19:00:00Z', 'Home'),
    ev('a', '2025-01-13T09:00:00Z', 'Home'),
    ev('b', '2025-01-08T09:00:00Z', 'Home'),
    ev('b', '2025-01-09T09:00:00Z', 'Other'),
  ];
  const r = stickiness(evs, stickinessSchema.parse({ event: { event: 'Home' } }));
  assert.deepEqual(r.distribution.slice(0, 3).map((d) => [d.days, d.people]), [[1, 2], [2, 1], [3, 0]]);
  assert.equal(r.distribution.length, 7);
  assert.deepEqual(r.series.map((s) => [s.period.slice(0, 10), s.active, s.days, s.avgDau, s.ratio, s.complete]), [
    ['2025-01-06', 2, 7, 3 / 7, 3 / 14, true],
    // The data ends on the Monday: one day of seven observed.
    ['2025-01-13', 1, 1, 1, 1, false],
  ]);
  // A month the data starts inside is incomplete too.
  const m = stickiness(evs, stickinessSchema.parse({ event: { event: 'Home' }, period: 'month' }));
  assert.deepEqual(m.series.map((s) => [s.period.slice(0, 10), s.days, s.complete]), [['2025-01-01', 8, false]]);
});
