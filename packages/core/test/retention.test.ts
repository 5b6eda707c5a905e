import assert from 'node:assert/strict';
import { test } from 'node:test';
import { periodIndex, periodStartIso, retention, retentionSchema } from '../src/index.js';
import { ev } from './retention-fixtures.js';

// Weeks: W0 = 2025-01-06 (Monday), W1 = 01-13, W2 = 01-20, W3 = 01-27.
const events = [
  ev('a', '2025-01-06T09:00:00Z', 'Signed Up'),
  ev('a', '2025-01-14T09:00:00Z', 'Order Completed'),
  ev('a', '2025-01-28T09:00:00Z', 'Order Completed'),
  ev('b', '2025-01-07T09:00:00Z', 'Signed Up'),
  ev('b', '2025-01-08T09:00:00Z', 'Order Completed'),
  ev('b', '2025-01-21T09:00:00Z', 'Order Completed'),
  ev('c', '2025-01-13T09:00:00Z', 'Signed Up'),
  ev('c', '2025-01-20T09:00:00Z', 'Signed Up'),
  ev('c', '2025-01-20T10:00:00Z', 'Order Completed'),
  ev('d', '2025-01-10T09:00:00Z', 'Order Completed'),
];
const base = { start: { event: 'Signed Up' }, return: { event: 'Order Completed' }, period: 'week', periods: 3 } as const;
const counts = (r: ReturnType<typeof retention>) => r.cohorts.map((c) => [c.cohort.slice(0, 10), c.size, ...c.values.map((v) => v.count)]);

test('period indexes: ISO weeks start on Monday, months follow the calendar', () => {
  assert.equal(periodStartIso('week', periodIndex('week', Date.parse('2025-01-12T23:59:59Z'))), '2025-01-06T00:00:00.000Z');
  assert.equal(periodStartIso('week', periodIndex('week', Date.parse('2025-01-13T00:00:00Z'))), '2025-01-13T00:00:00.000Z');
  assert.equal(periodStartIso('month', periodIndex('month', Date.parse('2024-02-29T12:00:00Z'))), '2024-02-01T00:00:00.000Z');
  assert.equal(periodIndex('month', Date.parse('2025-01-01T00:00:00Z')) - periodIndex('month', Date.parse('2024-12-31T23:59:59Z')), 1);
  assert.equal(periodStartIso('day', periodIndex('day', Date.parse('2025-03-02T23:00:00Z'))), '2025-03-02T00:00:00.000Z');
});

test('first-time cohorts, returned exactly in period k; unobserved periods are null', () => {
  const r = retention(events, retentionSchema.parse(base));
  assert.deepEqual(counts(r), [
    ['2025-01-06', 2, 2, 1, 1, 1],
    ['2025-01-13', 1, 1, 1, 0, null],
  ]);
  assert.deepEqual(r.cohorts.map((c) => c.incomplete), [false, true]);
  assert.equal(r.lastPeriod, '2025-01-27T00:00:00.000Z');
  assert.deepEqual(r.average.map((a) => [a.size, a.count, a.rate]), [[3, 3, 1], [3, 2, 2 / 3], [3, 1, 1 / 3], [2, 1, 1 / 2]]);
  assert.deepEqual(r.average.map((a) => a.churn), [0, 1 - 2 / 3, 1 - 1 / 3, 1 / 2]);
});

test('on_or_after counts a return in period k or any later one', () => {
  const r = retention(events, retentionSchema.parse({ ...base, mode: 'on_or_after' }));
  assert.deepEqual(counts(r), [
    ['2025-01-06', 2, 2, 2, 2, 1],
    ['2025-01-13', 1, 1, 1, 0, null],
  ]);
});

test('"any" start puts a person in every cohort they started in (recurring)', () => {
  const r = retention(events, retentionSchema.parse({ ...base, startMode: 'any' }));
  assert.deepEqual(counts(r), [
    ['2025-01-06', 2, 2, 1, 1, 1],
    ['2025-01-13', 1, 1, 1, 0, null],
    ['2025-01-20', 1, 1, 0, null, null],
  ]);
});

test('range bounds cohorts and the end of the data; first_time still looks before the range', () => {
  const r = retention(events, retentionSchema.parse({ ...base, range: { from: '2025-01-13T00:00:00Z', to: '2025-01-27T00:00:00Z' } }));
  // a and b first signed up before the range; c's first sign-up is in it. Data ends in W2.
  assert.deepEqual(counts(r), [['2025-01-13', 1, 1, 1, null, null]]);
});

test('the schema rejects unknown fields and bad periods, naming the field', () => {
  const bad = retentionSchema.safeParse({ ...base, periods: 0 });
  assert.ok(!bad.success && bad.error.issues[0]!.path.includes('periods'));
  assert.ok(!retentionSchema.safeParse({ ...base, extra: 1 }).success);
});
