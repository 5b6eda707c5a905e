import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { answerRanged, funnelChange, funnelReference, metrics, metricsChange, RANGED_ANALYSES, type RangeSpec } from '@trailmap/core';
import { runFunnel, runMetrics } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents } from './support/random-events.js';

// Compare with the previous period on random data: the engines' answer (current, previous and
// change) equals the TypeScript reference run on the same two resolved ranges, on DuckDB and
// ClickHouse, for relative ranges in several time zones.
let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 6); // randomEvents start here
const CASES: Array<{ timeZone: string; now: number; range: RangeSpec }> = [
  { timeZone: 'UTC', now: BASE + 40 * DAY + 5 * 3_600_000, range: { last: '14d' } },
  { timeZone: 'Europe/Berlin', now: BASE + 33 * DAY, range: { last: '2w' } },
  { timeZone: 'America/New_York', now: BASE + 60 * DAY + 2 * 3_600_000, range: { period: 'last_month' } },
  { timeZone: 'Asia/Kolkata', now: BASE + 30 * DAY, range: { period: 'this_week' } },
  { timeZone: 'Europe/Berlin', now: BASE + 50 * DAY, range: { from: '2025-01-20T06:00', to: '2025-02-03' } },
];

describe('compare with the previous period: TS reference = DuckDB = ClickHouse', () => {
  for (const seed of [11, 12]) {
    test(`random events, seed ${seed}`, async () => {
      const events = randomEvents({ seed, people: 90, perPerson: [1, 40], tieRate: 0.1, spanMs: 50 * DAY });
      await engines.load(events);
      for (const c of CASES) {
        const clock = { timeZone: c.timeZone, now: c.now };
        const funnel = RANGED_ANALYSES.funnel.parse({ steps: [{ event: 'Product Viewed' }, { event: 'Cart Added' }, { event: 'Order Completed' }], window: '3d', breakdown: { property: 'plan' }, range: c.range, compare: 'previous_period' }, clock);
        assert.ok(funnel.success, JSON.stringify(funnel));
        const fExpected = await answerRanged(funnel.data, async (d) => funnelReference(events, d), funnelChange);
        assert.ok(fExpected.steps[0]!.count > 0 && fExpected.previous!.result.steps[0]!.count > 0, `both periods have entrants: ${JSON.stringify(c)}`);
        const m = RANGED_ANALYSES.metrics.parse({ by: 'channel', range: c.range, compare: 'previous_period' }, clock);
        assert.ok(m.success);
        const mExpected = await answerRanged(m.data, async (d) => metrics(events, d), metricsChange);
        for (const [name, wh] of engines.all) {
          assert.deepEqual(await answerRanged(funnel.data, (d) => runFunnel(wh, d), funnelChange), fExpected, `${name} funnel ${JSON.stringify(c)}`);
          assert.deepEqual(await answerRanged(m.data, (d) => runMetrics(wh, d), metricsChange), mExpected, `${name} metrics ${JSON.stringify(c)}`);
        }
      }
    });
  }
});
