import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { metrics, metricsSchema, type AnalyticsEvent } from '@trailmap/core';
import { runMetrics } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const CLICKS = ['Email Sent', 'Email Link Clicked', 'Ad Impression', 'Ad Clicked', 'SMS Sent', 'SMS Clicked'];

/** Random events plus survey answers (valid, out of scale, non-numeric) and impression/click events. */
function metricEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed + 500);
  return randomEvents({ seed, people: 100, perPerson: [1, 30], spanMs: 60 * 86_400_000, tieRate: 0.05 }).map((e) => {
    if (e.type !== 'track') return e;
    const x = r.next();
    if (x < 0.25) {
      const survey = r.pick(['csat', 'nps', 'ces', 'other']);
      const score = r.chance(0.05) ? 'n/a' : r.chance(0.1) ? r.int(4, 9) + 0.5 : r.int(-1, 11);
      const properties: Record<string, unknown> = { survey, score };
      if (r.chance(0.7)) properties.touchpoint = r.pick(['Checkout', 'Order Completed', 'web_cart', 'Store Purchase']);
      return { ...e, event: 'Survey Responded', properties };
    }
    if (x < 0.45) return { ...e, event: r.pick(CLICKS) };
    return e;
  });
}

const events = metricEvents(31);

describe('metrics: TS reference = DuckDB = ClickHouse', () => {
  test('overall rows and series are identical for every grouping and interval', async () => {
    await engines.load(events);
    const defs = [
      {},
      { by: 'channel', interval: 'day' },
      { by: 'touchpoint', interval: 'week' },
      { by: 'stage', interval: 'month' },
      { by: 'channel', range: { from: '2025-01-20T00:00:00Z', to: '2025-02-20T00:00:00Z' }, segment: [{ property: 'plan', op: 'eq', value: 'gold' }] },
      { by: 'touchpoint', conversion: { event: 'Checkout Started', where: [{ property: 'revenue', op: 'gte', value: 100 }] }, sessionGap: '10m', clickThrough: [] },
      { interval: 'day', clickThrough: [{ name: 'web', impression: { channel: 'web' }, click: { event: 'Cart Added', channel: 'web' } }], survey: { event: 'Survey Responded', channel: 'email' } },
    ];
    for (const input of defs) {
      const def = metricsSchema.parse(input);
      const expected = metrics(events, def);
      const all = expected.rows.reduce((a, r) => a + r.csat.responses + r.nps.responses + r.ces.responses + r.bounces + r.converters, 0);
      assert.ok(all > 0 && expected.series.length > expected.rows.length, `fixture should exercise the metrics: ${JSON.stringify(input)}`);
      for (const [name, wh] of engines.all) assert.deepEqual(await runMetrics(wh, def), expected, `${name}: ${JSON.stringify(input)}`);
    }
  });

  test('the hand-computed CSAT, NPS and CES of a few answers', async () => {
    const base = events.slice(0, 1)[0]!;
    const answers: Array<[string, unknown]> = [['csat', 5], ['csat', 4], ['csat', 1], ['csat', 0], ['nps', 10], ['nps', 9], ['nps', 7], ['nps', 0], ['ces', 7], ['ces', 2], ['ces', 'x']];
    const evs = answers.map(([survey, score], i): AnalyticsEvent => ({ ...base, messageId: `s${i}`, personId: 'p', type: 'track', event: 'Survey Responded', properties: { survey, score } }));
    await engines.load(evs);
    for (const [name, wh] of engines.all) {
      const [row] = (await runMetrics(wh, metricsSchema.parse({}))).rows;
      assert.deepEqual(row!.csat, { responses: 3, score: 2 / 3, mean: 10 / 3 }, name);
      assert.deepEqual(row!.nps, { responses: 4, promoters: 2, detractors: 1, score: 25 }, name);
      assert.deepEqual(row!.ces, { responses: 2, mean: 4.5 }, name);
      assert.deepEqual([row!.sessions, row!.bounces, row!.bounceRate], [1, 0, 0], name);
    }
  });
});
