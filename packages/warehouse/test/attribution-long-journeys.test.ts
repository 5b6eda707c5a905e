import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AnalyticsEvent, AttributionResult } from '@trailmap/core';
import { attributionRequestSchema, runAttribution } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';

// Journeys longer than 50 touches: first, last and linear credit every touch within the lookback
// (no cap by default), on DuckDB and ClickHouse, against hand-computed credits; an explicit
// `maxTouches` cuts and says how many journeys it cut.
let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const T = Date.UTC(2025, 2, 3);
const MIN = 60_000;
const ev = (id: string, person: string, minute: number, event: string, properties: Record<string, unknown> = {}): AnalyticsEvent => ({
  messageId: id, personId: person, timestamp: T + minute * MIN, type: 'track', event, name: null,
  touchpoint: event, channel: 'web', touchpointType: 'digital', stage: 'consideration', properties, traits: {}, context: {},
});

/**
 * L: 60 touches a minute apart: "First Ad", then 58 alternating "Mid B" (even i) / "Mid A" (odd i)
 * for i = 1..58 (29 each), then "Last Email"; then an order of 120. S: "First Ad", "Last Email",
 * an order of 30. N: 70 touches of "Mid A" and no order (a null journey of 70 touches).
 */
function events(): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  const touch = (i: number) => (i === 0 ? 'First Ad' : i === 59 ? 'Last Email' : i % 2 === 0 ? 'Mid B' : 'Mid A');
  for (let i = 0; i < 60; i++) out.push(ev(`l${i}`, 'L', i, touch(i)));
  out.push(ev('l-order', 'L', 60, 'Order Completed', { revenue: 120 }));
  out.push(ev('s0', 'S', 0, 'First Ad'), ev('s1', 'S', 1, 'Last Email'), ev('s-order', 'S', 2, 'Order Completed', { revenue: 30 }));
  for (let i = 0; i < 70; i++) out.push(ev(`n${i}`, 'N', i, 'Mid A'));
  return out;
}

const r9 = (x: number) => Math.round(x * 1e9) / 1e9;
/** Credits per label as [conversions, value], rounded to 1e-9 (sums of fractions differ in the last bits). */
const credits = (r: AttributionResult) => Object.fromEntries(r.rows.map((row) => [row.name, [r9(row.conversions), r9(row.value)]]));
const expected = (o: Record<string, [number, number]>) => Object.fromEntries(Object.entries(o).map(([k, [c, v]]) => [k, [r9(c), r9(v)]]));

describe('attribution on journeys longer than 50 touches, both engines', () => {
  test('no cap: first, last and linear equal the hand-computed credits; nothing is cut', async () => {
    await engines.load(events());
    for (const [name, wh] of engines.all) {
      const run = async (model: string) => runAttribution(wh, attributionRequestSchema.parse({ model, by: 'event' }));
      const first = await run('first');
      assert.deepEqual(first.cut, { maxTouches: null, journeys: 0, touches: 0 }, name);
      // The first touch of L is its touch 0 ("First Ad"), 60 touches before the order.
      assert.deepEqual(credits(first as AttributionResult), { 'First Ad': [2, 150], 'Last Email': [0, 0], 'Mid A': [0, 0], 'Mid B': [0, 0] }, name);
      assert.deepEqual(credits((await run('last')) as AttributionResult), { 'Last Email': [2, 150], 'First Ad': [0, 0], 'Mid A': [0, 0], 'Mid B': [0, 0] }, name);
      // Linear: L gives 1/60 per touch (value 2 each), S 1/2 per touch (value 15 each).
      assert.deepEqual(
        credits((await run('linear')) as AttributionResult),
        expected({ 'Mid A': [29 / 60, 58], 'Mid B': [29 / 60, 58], 'First Ad': [1 / 60 + 1 / 2, 17], 'Last Email': [1 / 60 + 1 / 2, 17] }),
        name,
      );
      assert.equal((first as AttributionResult).journeys, 3, `${name}: L, S and N's null journey of 70 touches`);
    }
  });

  test('an explicit maxTouches of 50 cuts L to its touches 10..59 and N to its last 50, and says so', async () => {
    await engines.load(events());
    for (const [name, wh] of engines.all) {
      const run = async (model: string) => runAttribution(wh, attributionRequestSchema.parse({ model, by: 'event', maxTouches: 50 }));
      const first = await run('first');
      assert.deepEqual(first.cut, { maxTouches: 50, journeys: 2, touches: 10 + 20 }, name);
      // L's first kept touch is touch 10 ("Mid B"): the cap moves its first-touch credit.
      assert.deepEqual(credits(first as AttributionResult), { 'First Ad': [1, 30], 'Mid B': [1, 120], 'Last Email': [0, 0], 'Mid A': [0, 0] }, name);
      // Linear over L's last 50: touches 10..58 are 24 "Mid A" (odd) and 25 "Mid B" (even), then "Last Email".
      assert.deepEqual(
        credits((await run('linear')) as AttributionResult),
        expected({ 'Mid B': [25 / 50, 60], 'Mid A': [24 / 50, 57.6], 'Last Email': [1 / 50 + 1 / 2, 17.4], 'First Ad': [1 / 2, 15] }),
        name,
      );
      const all = await runAttribution(wh, attributionRequestSchema.parse({ by: 'event', maxTouches: 50 }));
      assert.deepEqual(all.cut, first.cut, `${name}: every model side by side says the same cut`);
    }
  });
});
