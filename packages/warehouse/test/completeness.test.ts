import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  funnelReference,
  funnelSchema,
  lifecycle,
  lifecycleSchema,
  metrics,
  metricsSchema,
  retention,
  retentionSchema,
  type AnalyticsEvent,
} from '@trailmap/core';
import { runFunnel, runLifecycle, runMetrics, runRetention } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';

// `complete` on every time series and cohort grid, hand-computed, on the TS reference, DuckDB and
// ClickHouse (chdb): a period is complete when it ends at or before the observation end,
// min(range.to, newest event + 1 ms); a funnel period also needs its conversion window.
let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const T = Date.UTC(2025, 0, 6); // a Monday: weeks are [T, T+7d), [T+7d, T+14d), [T+14d, T+21d)
const D = 86_400_000;
const H = 3_600_000;
const ev = (id: string, person: string, ms: number, event: string): AnalyticsEvent => ({
  messageId: id, personId: person, timestamp: T + ms, type: 'track', event, name: null,
  touchpoint: event, channel: 'web', touchpointType: 'digital', stage: 'consideration', properties: {}, traits: {}, context: {},
});
/** P1 signs up in week 0 and visits in weeks 1 and 2; P2 signs up in week 1, visits in week 2; P3 signs up in week 2. The newest event is P3's visit at T + 16 d. */
const EVENTS = [
  ev('a1', 'P1', 0, 'Signup'), ev('a2', 'P1', 8 * D, 'Visit'), ev('a3', 'P1', 15 * D, 'Visit'),
  ev('b1', 'P2', 7 * D, 'Signup'), ev('b2', 'P2', 14 * D + H, 'Visit'),
  ev('c1', 'P3', 14 * D, 'Signup'), ev('c2', 'P3', 16 * D, 'Visit'),
];
const iso = (ms: number) => new Date(T + ms).toISOString();
const OBSERVED = iso(16 * D + 1);
const TO_WEEK_2 = { to: iso(14 * D) };

describe('complete periods: hand-computed on the reference, DuckDB and ClickHouse', () => {
  test('retention: a cell is complete when its period (cohort + k) ended before the observation end; unobserved cells are incomplete', async () => {
    await engines.load(EVENTS);
    const def = retentionSchema.parse({ start: { event: 'Signup' }, return: { event: 'Visit' }, period: 'week', periods: 2 });
    const cells = (r: ReturnType<typeof retention>) => r.cohorts.map((c) => c.values.map((v) => [v.count, v.complete]));
    const expected = [
      [[1, true], [1, true], [1, false]], // week 0: week 2 is still running
      [[1, true], [1, false], [null, false]],
      [[1, false], [null, false], [null, false]],
    ];
    const upTo = retentionSchema.parse({ ...def, range: TO_WEEK_2 });
    // Up to T + 14 d: the observation end is range.to; weeks 0 and 1 are whole.
    const expectedUpTo = [[[1, true], [1, true], [null, false]], [[1, true], [null, false], [null, false]]];
    for (const [name, run] of [['reference', async (d: typeof def) => retention(EVENTS, d)], ...engines.all.map(([n, wh]) => [n, (d: typeof def) => runRetention(wh, d)] as const)] as const) {
      const r = await run(def);
      assert.deepEqual(cells(r), expected, name);
      assert.equal(r.observedUntil, OBSERVED, name);
      assert.deepEqual(r.average.map((a) => a.complete), [false, false, false], `${name}: every average has a running cell`);
      const u = await run(upTo);
      assert.deepEqual(cells(u), expectedUpTo, name);
      assert.equal(u.observedUntil, TO_WEEK_2.to, name);
      assert.deepEqual(u.average.map((a) => a.complete), [true, true, false], `${name}: no cohort observed period 2`);
    }
  });

  test('lifecycle: the running week is incomplete; up to range.to the last whole week is complete', async () => {
    await engines.load(EVENTS);
    const def = lifecycleSchema.parse({ event: { event: 'Visit' }, period: 'week' });
    const upTo = lifecycleSchema.parse({ ...def, range: TO_WEEK_2 });
    for (const [name, run] of [['reference', async (d: typeof def) => lifecycle(EVENTS, d)], ...engines.all.map(([n, wh]) => [n, (d: typeof def) => runLifecycle(wh, d)] as const)] as const) {
      const r = await run(def);
      assert.deepEqual(r.rows.map((x) => [x.period, x.new, x.complete]), [[iso(7 * D), 1, true], [iso(14 * D), 2, false]], name);
      assert.equal(r.observedUntil, OBSERVED, name);
      assert.deepEqual((await run(upTo)).rows.map((x) => [x.period, x.complete]), [[iso(7 * D), true]], name);
    }
  });

  test('metrics: each period of the series says whether it ended before the observation end', async () => {
    await engines.load(EVENTS);
    const def = metricsSchema.parse({ interval: 'week' });
    for (const [name, run] of [['reference', async (d: typeof def) => metrics(EVENTS, d)], ...engines.all.map(([n, wh]) => [n, (d: typeof def) => runMetrics(wh, d)] as const)] as const) {
      const r = await run(def);
      assert.deepEqual(r.series.map((s) => [s.period, s.complete]), [[iso(0), true], [iso(7 * D), true], [iso(14 * D), false]], name);
      assert.equal(r.observedUntil, OBSERVED, name);
      const day = await run(metricsSchema.parse({ interval: 'day', range: { to: iso(15 * D) } }));
      // Days up to T + 14 d end before T + 15 d; the observation end is range.to, so day 14 is whole too.
      assert.deepEqual(day.series.map((s) => [s.period, s.complete]), [[iso(0), true], [iso(7 * D), true], [iso(8 * D), true], [iso(14 * D), true]], name);
    }
  });

  test('funnel over time: complete when the period end plus the conversion window lies before the observation end', async () => {
    await engines.load(EVENTS);
    const week = funnelSchema.parse({ steps: [{ event: 'Signup' }, { event: 'Visit' }], window: '7d', interval: 'week' });
    const day = funnelSchema.parse({ ...week, interval: 'day' });
    for (const [name, run] of [['reference', async (d: typeof week) => funnelReference(EVENTS, d)], ...engines.all.map(([n, wh]) => [n, (d: typeof week) => runFunnel(wh, d)] as const)] as const) {
      // Week 0 settles at T + 14 d; week 1 at T + 21 d, after T + 16 d. P1 and P2 visit more than 7 days after signing up.
      const w = await run(week);
      assert.deepEqual(w.overTime.map((p) => [p.period, p.entered, p.converted, p.complete]), [[iso(0), 1, 0, true], [iso(7 * D), 1, 0, false], [iso(14 * D), 1, 1, false]], name);
      assert.equal(w.observedUntil, OBSERVED, name);
      // Day 0 settles at T + 8 d, day 7 at T + 15 d (before T + 16 d), day 14 at T + 22 d.
      assert.deepEqual((await run(day)).overTime.map((p) => [p.period, p.complete]), [[iso(0), true], [iso(7 * D), true], [iso(14 * D), false]], name);
    }
  });
});
