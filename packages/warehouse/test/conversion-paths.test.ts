import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  conversionJourneys,
  conversionJourneysWithCut,
  conversionPathCounts,
  conversionPathsSchema,
  journeyTouchTimes,
  type AnalyticsEvent,
  type ConversionPathCount,
  type ConversionPathsInput,
} from '@trailmap/core';
import { runConversionPathCounts, runConversionPaths, runJourneyTouchTimes } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const ODD_TOUCHPOINTS = ['web_product', 'web_cart', "o'hara \"tp\"", '会员_页面', 'a.b\\c', 'email_reminder', '{p0:String}', ''];
const ODD_CHANNELS = ['web', 'email', "it's", '渠道'];
/** Conversion properties: revenue, else value, else total, JSON numbers only (text, booleans and null fall through). */
const VALUE_SHAPES: Array<Record<string, unknown>> = [
  { revenue: 19.99 },
  { revenue: 120, value: 5, total: 7 },
  { revenue: '12.5', value: 30 },
  { revenue: null, value: true, total: 0.1 },
  { value: -4.25 },
  { total: 1e6 + 0.3 },
  { amount: 50 },
  {},
];

/** Random events with conversions carrying values, consecutive repeats, ties and odd labels. */
function conversionEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed * 97);
  const evs = randomEvents({ seed, people: 80, perPerson: [1, 30], tieRate: 0.15, spanMs: 20 * 86_400_000 });
  let prev: AnalyticsEvent | undefined;
  return evs.map((e) => {
    const same = prev?.personId === e.personId && r.chance(0.3);
    const out: AnalyticsEvent = { ...e, touchpoint: same ? prev!.touchpoint : r.pick(ODD_TOUCHPOINTS), channel: same ? prev!.channel : r.pick(ODD_CHANNELS) };
    if (e.event === 'Order Completed') out.properties = { ...e.properties, revenue: undefined, ...r.pick(VALUE_SHAPES) };
    prev = out;
    return out;
  });
}

const DEFINITIONS: ConversionPathsInput[] = [
  {},
  { lookback: '2d', collapseRepeats: true },
  { by: 'event', lookback: '1d', maxTouches: 3 },
  {
    by: 'channel',
    conversion: { event: ['Order Completed', 'Checkout Started'] },
    touches: { where: [{ property: 'plan', op: 'in', value: ["o'hara; --", '会员', 'gold'] }] },
  },
  {
    conversion: { touchpoint: "o'hara \"tp\"" },
    collapseRepeats: true,
    maxTouches: 2,
    range: { from: '2025-01-10T00:00:00Z', to: '2025-01-25T00:00:00Z' },
    segment: [{ property: 'plan', op: 'neq', value: 'free' }],
  },
  { conversion: { event: 'Order Completed', where: [{ property: 'revenue', op: 'gt', value: 50 }] }, lookback: 3_600_000, by: 'channel' },
];

/** Sums of doubles differ in the last bits with the order of addition: compare to 1e-6. */
const rounded = (rows: ConversionPathCount[]) => rows.map((r) => ({ ...r, value: Math.round(r.value * 1e6) / 1e6 }));

describe('conversion paths: TS reference = DuckDB = ClickHouse', () => {
  for (const seed of [5, 23]) {
    test(`random events seed ${seed}: same journeys, path counts and touch times for every definition`, async () => {
      const events = conversionEvents(seed);
      await engines.load(events);
      for (const input of DEFINITIONS) {
        const def = conversionPathsSchema.parse(input);
        const { journeys, cut } = conversionJourneysWithCut(events, def);
        assert.ok(journeys.some((j) => j.converted) && journeys.some((j) => !j.converted), `both kinds of journey: ${JSON.stringify(input)}`);
        if (def.maxTouches !== undefined) assert.ok(cut.journeys > 0, `the cap cuts some journeys: ${JSON.stringify(input)}`);
        else assert.deepEqual(cut, { maxTouches: null, journeys: 0, touches: 0 });
        const counts = rounded(conversionPathCounts(journeys));
        const times = journeyTouchTimes(journeys);
        for (const [name, wh] of engines.all) {
          const at = `${name}: ${JSON.stringify(input)}`;
          assert.deepEqual(await runConversionPaths(wh, def), { journeys, cut }, at);
          const pc = await runConversionPathCounts(wh, def);
          assert.deepEqual(rounded(pc.paths), counts, at);
          assert.deepEqual(pc.cut, cut, at);
          assert.deepEqual((await runJourneyTouchTimes(wh, def)).journeys, times, at);
        }
      }
    });
  }

  test('the random data exercises direct conversions, lookback cuts, repeats, every value shape and odd labels', () => {
    const events = conversionEvents(5);
    const long = conversionJourneys(events, conversionPathsSchema.parse({ lookback: '365d', maxTouches: 500 }));
    const cut = conversionJourneys(events, conversionPathsSchema.parse({ lookback: '2d', maxTouches: 500 }));
    const touches = (js: typeof long) => js.reduce((s, j) => s + j.touches.length, 0);
    assert.ok(touches(cut) < touches(long), 'the 2-day lookback drops touches');
    assert.ok(cut.some((j) => j.converted && j.touches.length === 0), 'direct conversions');
    const collapsed = conversionJourneys(events, conversionPathsSchema.parse({ collapseRepeats: true, maxTouches: 500 }));
    assert.ok(touches(collapsed) < touches(long), 'consecutive repeats exist');
    const values = new Set(long.filter((j) => j.converted).map((j) => j.value));
    for (const v of [19.99, 120, 30, 0.1, -4.25, 1e6 + 0.3, 0]) assert.ok(values.has(v), `value ${v} occurs`);
    const labels = new Set(long.flatMap((j) => j.touches.map((t) => t.label)));
    for (const l of ["o'hara \"tp\"", '会员_页面', 'a.b\\c', '{p0:String}', '']) assert.ok(labels.has(l), `label ${l} occurs`);
    assert.ok(long.some((j) => j.touches.length > 3), 'some journeys are longer than the maxTouches (3, 2) of the definitions');
  });
});

describe('conversion paths on the engines: hand-computed fixture', () => {
  test('two conversions, a same-millisecond tie, value fallback, lookback cuts (exactly 2 days is in) and a null journey', async () => {
    const T = Date.UTC(2025, 0, 6);
    const H = 3_600_000;
    const e = (id: string, person: string, h: number, touchpoint: string, properties: Record<string, unknown> | null = null): AnalyticsEvent => ({
      messageId: id, personId: person, timestamp: T + h * H, type: 'track', event: properties ? 'Order Completed' : 'Viewed', name: null,
      touchpoint, channel: 'web', touchpointType: 'digital', stage: 'purchase', properties: properties ?? {}, traits: {}, context: {},
    });
    await engines.load([
      e('a1', 'A', 0, 'email'), e('a2', 'A', 30, 'product'), e('a3', 'A', 31, 'product'), e('a4', 'A', 40, 'cart'),
      e('a5', 'A', 60, 'order', { revenue: 100 }), e('a6', 'A', 61, "app'home"),
      e('a7', 'A', 62, 'order', { revenue: '12.5', value: 30, total: 99 }), e('a8', 'A', 62, 'order', { revenue: true, total: 7 }),
      e('a9', 'A', 80, 'support'), e('b1', 'A', 200, '邮件'),
      { ...e('d0', 'D', -38, 'cut'), timestamp: T - 38 * H - 1 }, e('d00', 'D', -38, 'edge'), e('d1', 'D', 10, 'cart'), e('d3', 'D', 10, 'home'), e('d2', 'D', 10, 'order', { value: -4.5 }),
    ]);
    const def = conversionPathsSchema.parse({ lookback: '2d', collapseRepeats: true });
    const expected = [
      ['A', true, 100, ['product', 'cart']],
      ['A', true, 30, ["app'home"]],
      ['A', true, 7, []],
      ['A', false, 0, ['邮件']],
      ['D', true, -4.5, ['edge', 'cart']],
      ['D', false, 0, ['home']],
    ];
    for (const [name, wh] of engines.all) {
      const { journeys } = await runConversionPaths(wh, def);
      assert.deepEqual(journeys.map((j) => [j.personId, j.converted, j.value, j.touches.map((t) => t.label)]), expected, name);
      assert.deepEqual(journeys[0]!.touches.map((t) => t.timestamp), [T + 31 * H, T + 40 * H], name);
      const { paths } = await runConversionPathCounts(wh, def);
      assert.deepEqual(paths[0], { labels: [], conversions: 1, nulls: 0, value: 7 }, name);
      assert.equal(paths.length, 6, name);
      assert.equal(paths.find((r) => r.labels.join() === 'edge,cart')?.value, -4.5, name);
    }
  });
});
