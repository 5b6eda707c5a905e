import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { paths, pathSequenceCounts, pathsSchema, pathStepCounts, type AnalyticsEvent, type PathsInput, type PathStepCount } from '@trailmap/core';
import { queryPathStepCounts, runPaths } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const ODD_TOUCHPOINTS = ['web_product', 'web_cart', 'web_checkout', "o'hara \"tp\"", '会员_页面', 'a.b\\c', 'support_chat', 'email_reminder'];

/** Random events with many consecutive repeats and odd labels (quotes, backslash, unicode). */
function pathEvents(seed: number): AnalyticsEvent[] {
  const r = rng(seed * 31);
  const evs = randomEvents({ seed, people: 70, perPerson: [1, 30], tieRate: 0.15 });
  let prev: AnalyticsEvent | undefined;
  return evs.map((e) => {
    const same = prev?.personId === e.personId && r.chance(0.35);
    const out = { ...e, touchpoint: same ? prev!.touchpoint : r.pick(ODD_TOUCHPOINTS) };
    if (same && r.chance(0.5)) Object.assign(out, { type: prev!.type, event: prev!.event, name: prev!.name });
    prev = out;
    return out;
  });
}

const DEFINITIONS: PathsInput[] = [
  {},
  { start: { event: 'Product Viewed' }, depth: 3 },
  { start: { touchpoint: 'web_cart' }, by: 'event', depth: 10, top: 5 },
  { end: { event: 'Order Completed' }, depth: 4 },
  { end: { touchpoint: '会员_页面' }, by: 'event', depth: 1 },
  { start: { event: 'Product Viewed' }, end: { event: 'Order Completed' }, depth: 6 },
  { start: { event: 'Checkout Started' }, end: { event: ['Checkout Started', 'Order Completed'] }, depth: 2 },
  {
    cleaning: [
      { regex: '^web_', label: 'w:' },
      { regex: '[.\'"\\\\]', label: '&x' },
      { regex: '会员', label: '$1 VIP $0' },
      { regex: '(?:w|a)+:?c?', label: 'AC' },
    ],
    exclude: ['support_chat', 'AC&x&xhara &xtp&x'],
  },
  {
    by: 'event',
    cleaning: [{ regex: '\\s+[A-Z]', label: '_' }, { regex: '^(Home|Product)$', label: 'Page' }],
    exclude: ['Cart', 'Order Completed'],
    start: { event: ['Home', 'Product'] },
    end: { touchpoint: 'web_checkout' },
    depth: 8,
  },
  {
    start: { where: [{ property: 'plan', op: 'in', value: ["o'hara; --", '会员'] }] },
    segment: [{ property: 'plan', op: 'neq', value: 'free' }],
    range: { from: '2025-01-10T00:00:00Z', to: '2025-02-01T00:00:00Z' },
    depth: 2,
  },
];

const key = (r: PathStepCount) => JSON.stringify([r.depth, r.label, r.next, r.count]);
const sortedKeys = (rows: PathStepCount[]) => rows.map(key).sort();

describe('paths: TS reference = DuckDB = ClickHouse', () => {
  for (const seed of [3, 17]) {
    test(`random events seed ${seed}: same step counts and same Sankey for every definition`, async () => {
      const events = pathEvents(seed);
      await engines.load(events);
      let tiedAtCut = 0;
      let severalPaths = 0;
      for (const input of DEFINITIONS) {
        const def = pathsSchema.parse(input);
        const expected = pathStepCounts(events, def);
        assert.ok(expected.length > 0, `definition should find paths: ${JSON.stringify(input)}`);
        const reference = paths(events, def);
        for (const [name, wh] of engines.all) {
          assert.deepEqual(sortedKeys(await queryPathStepCounts(wh, def)), sortedKeys(expected), `${name}: ${JSON.stringify(input)}`);
          assert.deepEqual(await runPaths(wh, def), reference, `${name}: ${JSON.stringify(input)}`);
        }
        // Counting people: distinct people per step row, node and in all.
        const byPerson = pathsSchema.parse({ ...input, countBy: 'person', topPaths: 5 });
        const people = paths(events, byPerson);
        assert.ok(people.totalPaths <= reference.totalPaths);
        if (people.totalPaths < reference.totalPaths) severalPaths++;
        assert.ok(people.totalPaths <= people.nodes.filter((n) => n.depth === 0).reduce((a, n) => a + n.count, 0));
        for (const [name, wh] of engines.all) {
          assert.deepEqual(sortedKeys(await queryPathStepCounts(wh, byPerson)), sortedKeys(pathStepCounts(events, byPerson)), `${name} by person: ${JSON.stringify(input)}`);
          assert.deepEqual(await runPaths(wh, byPerson), people, `${name} by person: ${JSON.stringify(input)}`);
        }
        // The complete paths: every distinct path counted, ordered and cut the same way.
        const withTop = pathsSchema.parse({ ...input, topPaths: 7 });
        const all = pathSequenceCounts(events, withTop);
        assert.equal(all.reduce((a, r) => a + r.count, 0), reference.totalPaths, 'each path is counted once');
        const top = paths(events, withTop).topPaths!;
        assert.equal(top.length, Math.min(7, all.length));
        if (top.length === 7 && all.filter((r) => r.count === top[6]!.count).length > top.filter((r) => r.count === top[6]!.count).length) tiedAtCut++;
        for (const [name, wh] of engines.all) assert.deepEqual((await runPaths(wh, withTop)).topPaths, top, `${name} top paths: ${JSON.stringify(input)}`);
      }
      assert.ok(severalPaths > 0, 'in some definition people have several sessions with a path (people < paths)');
      assert.ok(tiedAtCut > 0, 'some definition has ties across the top-7 cut (the engines return them all, the ranking cuts)');
    });
  }

  test('the random data exercises repeats, odd labels, ties and drop-offs', () => {
    const events = pathEvents(3);
    const r = paths(events, pathsSchema.parse({ depth: 10, top: 1000 }));
    const labels = new Set(r.nodes.map((n) => n.label));
    assert.ok(labels.has("o'hara \"tp\"") && labels.has('会员_页面') && labels.has('a.b\\c'));
    assert.ok(r.nodes.some((n) => n.dropOff > 0 && n.depth > 0));
    const ties = events.filter((e, i) => i > 0 && events[i - 1]!.personId === e.personId && events[i - 1]!.timestamp === e.timestamp);
    assert.ok(ties.length > 20);
    const cleaned = pathStepCounts(events, pathsSchema.parse(DEFINITIONS[7]!));
    assert.ok(cleaned.some((c) => c.label.includes('$1 VIP $0')));
  });
});

describe('paths on the engines: hand-computed fixture', () => {
  test('a session with repeats, a 31-minute gap and a tie ordered by message id', async () => {
    const T = Date.UTC(2025, 0, 6);
    const e = (id: string, min: number, touchpoint: string): AnalyticsEvent => ({
      messageId: id, personId: 'p1', timestamp: T + min * 60_000, type: 'track', event: 'X', name: null,
      touchpoint, channel: 'web', touchpointType: 'digital', stage: 'purchase', properties: {}, traits: {}, context: {},
    });
    // Order: a(0) b(1, m2) c(1, m3: tie after m2) c(2) a(3) | 31-minute gap | b(34) a(35)
    await engines.load([e('m1', 0, 'a'), e('m3', 1, 'c'), e('m2', 1, 'b'), e('m4', 2, 'c'), e('m5', 3, 'a'), e('m6', 34, 'b'), e('m7', 35, 'a')]);
    const def = pathsSchema.parse({ start: { touchpoint: 'b' }, depth: 2 });
    const expected = [
      { depth: 0, label: 'b', next: 'c', count: 1 },
      { depth: 1, label: 'c', next: 'a', count: 1 },
      { depth: 2, label: 'a', next: null, count: 1 },
      { depth: 0, label: 'b', next: 'a', count: 1 },
      { depth: 1, label: 'a', next: null, count: 1 },
    ];
    for (const [name, wh] of engines.all) assert.deepEqual(sortedKeys(await queryPathStepCounts(wh, def)), sortedKeys(expected), name);
    // Complete paths: b → c → a (first session) and b → a (second), once each; a tie ordered by text.
    const top = [
      { steps: ['b', 'a'], count: 1, share: 0.5 },
      { steps: ['b', 'c', 'a'], count: 1, share: 0.5 },
    ];
    for (const [name, wh] of engines.all) assert.deepEqual((await runPaths(wh, pathsSchema.parse({ ...def, topPaths: 5 }))).topPaths, top, name);
    // Counted by people: one person, so every node, edge and drop-off is 1, and so is the total;
    // node b at depth 0 had 2 paths but is 1 person, with 2 edges of 1 person each.
    for (const [name, wh] of engines.all) {
      const r = await runPaths(wh, pathsSchema.parse({ ...def, countBy: 'person', topPaths: 5 }));
      assert.equal(r.totalPaths, 1, name);
      assert.deepEqual(r.nodes.map((n) => [n.id, n.count, n.dropOff]), [['0:b', 1, 0], ['1:a', 1, 1], ['1:c', 1, 0], ['2:a', 1, 1]], name);
      assert.deepEqual(r.edges.map((e) => [e.source, e.target, e.count]), [['0:b', '1:a', 1], ['0:b', '1:c', 1], ['1:c', '2:a', 1]], name);
      assert.deepEqual(r.topPaths, [{ steps: ['b', 'a'], count: 1, share: 1 }, { steps: ['b', 'c', 'a'], count: 1, share: 1 }], name);
    }
  });
});
