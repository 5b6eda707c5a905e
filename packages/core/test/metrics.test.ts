import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metrics, metricsSchema, type AnalyticsEvent } from '../src/index.js';
import { ev } from './retention-fixtures.js';

const email = { channel: 'email' } as const;
const survey = (p: string, iso: string, props: Record<string, unknown>): AnalyticsEvent => ev(p, iso, 'Survey Responded', { ...email, properties: props });
const events = [
  ev('a', '2025-01-06T10:00:00Z', 'Product Viewed'),
  ev('a', '2025-01-06T10:10:00Z', 'Order Completed'),
  ev('a', '2025-01-06T12:00:00Z', 'Email Link Clicked', email),
  ev('b', '2025-01-06T10:00:00Z', 'Email Sent', email),
  survey('c', '2025-01-06T09:00:00Z', { survey: 'csat', score: 5, touchpoint: 'Checkout' }),
  survey('c', '2025-01-06T09:05:00Z', { survey: 'csat', score: 2 }),
  survey('c', '2025-01-06T09:06:00Z', { survey: 'nps', score: 10 }),
  survey('c', '2025-01-06T09:07:00Z', { survey: 'nps', score: '5' }),
  survey('c', '2025-01-06T09:08:00Z', { survey: 'nps', score: 8 }),
  survey('c', '2025-01-06T09:09:00Z', { survey: 'ces', score: 6 }),
  survey('c', '2025-01-06T09:10:00Z', { survey: 'csat', score: 9 }),
];

test('metrics by channel: conversion, bounce, duration, click-through, CSAT, NPS, CES', () => {
  const r = metrics(events, metricsSchema.parse({ by: 'channel' }));
  assert.deepEqual(r.rows.map((x) => x.group), ['email', 'web']);
  const [em, web] = r.rows;
  assert.deepEqual([web!.activePeople, web!.converters, web!.sessions, web!.bounces, web!.avgSessionDurationMs], [1, 1, 1, 0, 600_000]);
  assert.deepEqual([em!.activePeople, em!.converters, em!.conversionRate, em!.sessions, em!.bounces], [3, 1, 1 / 3, 3, 2]);
  assert.equal(em!.avgSessionDurationMs, 200_000);
  assert.deepEqual(em!.clickThrough[0], { name: 'email', impressions: 1, clicks: 1, rate: 1 });
  assert.deepEqual(em!.clickThrough[1], { name: 'ads', impressions: 0, clicks: 0, rate: null });
  assert.deepEqual(em!.csat, { responses: 2, score: 0.5, mean: 3.5 });
  assert.deepEqual(em!.nps, { responses: 3, promoters: 1, detractors: 1, score: 0 });
  assert.deepEqual(em!.ces, { responses: 1, mean: 6 });
  assert.deepEqual(r.series.map((s) => [s.period, s.group]), [
    ['2025-01-06T00:00:00.000Z', 'email'],
    ['2025-01-06T00:00:00.000Z', 'web'],
  ]);
});

test('surveys rate the touchpoint in properties.touchpoint when grouping by touchpoint', () => {
  const r = metrics(events, metricsSchema.parse({ by: 'touchpoint' }));
  const checkout = r.rows.find((x) => x.group === 'Checkout')!;
  assert.deepEqual(checkout.csat, { responses: 1, score: 1, mean: 5 });
  assert.equal(checkout.activePeople, 0);
  assert.equal(r.rows.find((x) => x.group === 'Survey Responded')!.csat.responses, 1);
});

test('without grouping everything is one group; daily series split by day', () => {
  const r = metrics(events, metricsSchema.parse({ interval: 'day', conversion: { event: 'Email Link Clicked' } }));
  assert.equal(r.rows.length, 1);
  assert.deepEqual([r.rows[0]!.group, r.rows[0]!.activePeople, r.rows[0]!.converters, r.rows[0]!.sessions], ['all', 3, 1, 4]);
  assert.ok(!metricsSchema.safeParse({ by: 'country' }).success);
});
