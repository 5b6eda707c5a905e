import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanLabel, paths, pathsGraph, pathsSchema, pathStepCounts, type AnalyticsEvent, type PathsInput, type PathStepCount } from '../src/index.js';
import { trackEvent } from './track-event.js';

const T0 = Date.UTC(2025, 0, 6);
let n = 0;
const ev = (personId: string, minute: number, touchpoint: string, event: string): AnalyticsEvent =>
  trackEvent({ messageId: `m${String(++n).padStart(3, '0')}`, personId, timestamp: T0 + minute * 60_000, event, touchpoint });

// A: session 1 home, product, product, cart, product, checkout; 40 minutes later session 2 product, email.
// B: product, cart, checkout, order. C: home, email.
const EVENTS: AnalyticsEvent[] = [
  ev('A', 0, 'web_home', 'Home Viewed'),
  ev('A', 1, 'web_product', 'Product Viewed'),
  ev('A', 2, 'web_product', 'Product Viewed'),
  ev('A', 3, 'web_cart', 'Product Added'),
  ev('A', 4, 'web_product', 'Product Viewed'),
  ev('A', 5, 'web_checkout', 'Checkout Started'),
  ev('A', 45, 'web_product', 'Product Viewed'),
  ev('A', 46, 'email_reminder', 'Email Opened'),
  ev('B', 0, 'web_product', 'Product Viewed'),
  ev('B', 1, 'web_cart', 'Product Added'),
  ev('B', 2, 'web_checkout', 'Checkout Started'),
  ev('B', 3, 'web_order', 'Order Completed'),
  ev('C', 0, 'web_home', 'Home Viewed'),
  ev('C', 1, 'email_reminder', 'Email Opened'),
];

const def = (input: PathsInput) => pathsSchema.parse(input);
const sorted = (rows: PathStepCount[]) =>
  rows.map((r) => [r.depth, r.label, r.next, r.count]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('paths reference: hand-computed fixtures', () => {
  test('after the first Product Viewed of each session, 2 steps deep, repeats collapsed', () => {
    const rows = pathStepCounts(EVENTS, def({ start: { event: 'Product Viewed' }, depth: 2 }));
    assert.deepEqual(
      sorted(rows),
      sorted([
        { depth: 0, label: 'web_product', next: 'web_cart', count: 2 },
        { depth: 0, label: 'web_product', next: 'email_reminder', count: 1 },
        { depth: 1, label: 'web_cart', next: 'web_product', count: 1 },
        { depth: 1, label: 'web_cart', next: 'web_checkout', count: 1 },
        { depth: 2, label: 'web_product', next: null, count: 1 },
        { depth: 2, label: 'web_checkout', next: null, count: 1 },
        { depth: 1, label: 'email_reminder', next: null, count: 1 },
      ]),
    );
  });

  test('graph: node counts, drop-off, top-K edges and "other"', () => {
    const r = paths(EVENTS, def({ start: { event: 'Product Viewed' }, depth: 2, top: 2 }));
    assert.equal(r.mode, 'after');
    assert.equal(r.totalPaths, 3);
    assert.deepEqual(r.edges, [
      { source: '0:web_product', target: '1:web_cart', count: 2, share: 2 / 3 },
      { source: '0:web_product', target: '1:email_reminder', count: 1, share: 1 / 3 },
    ]);
    assert.deepEqual(r.nodes, [
      { id: '0:web_product', depth: 0, label: 'web_product', count: 3, dropOff: 0, exits: 3, dropOffShare: 0 },
      { id: '1:web_cart', depth: 1, label: 'web_cart', count: 2, dropOff: 0, exits: 2, dropOffShare: 0 },
      { id: '1:email_reminder', depth: 1, label: 'email_reminder', count: 1, dropOff: 1, exits: 1, dropOffShare: 1 },
    ]);
    assert.equal(r.flow, 5);
    assert.equal(r.otherEdges, 2);
    assert.equal(r.otherCount, 2);
  });

  // A step of 100 paths: A → X 50, Y 30, Z 15, W 5; then X → P 40 (10 end), Y → Q 3, R 3 (24 end), Z → P 14 (1 end), W ends.
  const FLOW_ROWS: PathStepCount[] = [
    { depth: 0, label: 'A', next: 'X', count: 50 },
    { depth: 0, label: 'A', next: 'Y', count: 30 },
    { depth: 0, label: 'A', next: 'Z', count: 15 },
    { depth: 0, label: 'A', next: 'W', count: 5 },
    { depth: 1, label: 'X', next: 'P', count: 40 },
    { depth: 1, label: 'X', next: null, count: 10 },
    { depth: 1, label: 'Y', next: 'Q', count: 3 },
    { depth: 1, label: 'Y', next: 'R', count: 3 },
    { depth: 1, label: 'Y', next: null, count: 24 },
    { depth: 1, label: 'Z', next: 'P', count: 14 },
    { depth: 1, label: 'Z', next: null, count: 1 },
    { depth: 1, label: 'W', next: null, count: 5 },
    { depth: 2, label: 'P', next: null, count: 54 },
    { depth: 2, label: 'Q', next: null, count: 3 },
    { depth: 2, label: 'R', next: null, count: 3 },
  ];
  const edgeList = (r: ReturnType<typeof pathsGraph>) => r.edges.map((e) => `${e.source}>${e.target}`);

  test('the main flow: per step the fewest largest edges carrying 80% of its moves, plus the largest edge of every drawn node', () => {
    const r = pathsGraph(def({ depth: 2 }), FLOW_ROWS);
    // Step 0 (100 moves): X 50 + Y 30 reach 80. Step 1 (60 moves): X→P 40 + Z→P 14 reach 48. Y is drawn but
    // none of its edges is in the 80%: its largest (Q, the tie with R broken by name) is added.
    assert.deepEqual(edgeList(r), ['0:A>1:X', '1:X>2:P', '0:A>1:Y', '1:Z>2:P', '1:Y>2:Q']);
    assert.deepEqual([r.coverage, r.flow, r.otherEdges, r.otherCount], [0.8, 160, 3, 15 + 5 + 3]);
    assert.deepEqual(r.nodes.map((n) => n.id), ['0:A', '1:X', '1:Y', '1:Z', '2:P', '2:Q']);
    assert.equal(r.edges.find((e) => e.source === '1:Y')!.share, 3 / 30);
    // coverage 1: every edge, nothing left out.
    const all = pathsGraph(def({ depth: 2, coverage: 1 }), FLOW_ROWS);
    assert.deepEqual([all.edges.length, all.otherEdges, all.otherCount], [8, 0, 0]);
    // A small coverage still keeps one edge out of every drawn node.
    assert.deepEqual(edgeList(pathsGraph(def({ depth: 2, coverage: 0.1 }), FLOW_ROWS)), ['0:A>1:X', '1:X>2:P']);
    // top caps what is drawn, largest first.
    assert.deepEqual(edgeList(pathsGraph(def({ depth: 2, top: 2 }), FLOW_ROWS)), ['0:A>1:X', '1:X>2:P']);
    assert.equal(pathsSchema.safeParse({ coverage: 0 }).success, false);
    assert.equal(pathsSchema.safeParse({ coverage: 1.01 }).success, false);
  });

  test('shares add up: counting people, a step\'s edge shares and drop-off share are of its moves out (exits) and sum to 1', () => {
    // 80 distinct people at A; some had visits going two ways, so A's moves out (100) exceed its people.
    const people = { nodes: new Map([['0:A', 80], ['1:X', 45], ['1:Y', 28], ['1:Z', 15], ['1:W', 5], ['2:P', 50], ['2:Q', 3], ['2:R', 3]]), total: 80 };
    const r = pathsGraph(def({ depth: 2, coverage: 1, countBy: 'person' }), FLOW_ROWS, people);
    const a = r.nodes.find((n) => n.id === '0:A')!;
    assert.deepEqual([a.count, a.exits], [80, 100]);
    for (const n of r.nodes) {
      const sum = r.edges.filter((e) => e.source === n.id).reduce((s, e) => s + e.share, 0) + n.dropOffShare;
      assert.ok(Math.abs(sum - 1) < 1e-12, `${n.id}: shares sum to ${sum}`);
    }
    assert.equal(r.edges.find((e) => e.source === '0:A' && e.target === '1:X')!.share, 0.5);
  });

  test('no anchor: paths from the first step of every session', () => {
    const r = paths(EVENTS, def({ depth: 1 }));
    assert.equal(r.totalPaths, 4);
    assert.deepEqual(
      r.nodes.filter((x) => x.depth === 0).map((x) => [x.label, x.count]),
      [
        ['web_home', 2],
        ['web_product', 2],
      ],
    );
  });

  test('before the first Checkout Started: negative depths ending at the anchor', () => {
    const rows = pathStepCounts(EVENTS, def({ end: { event: 'Checkout Started' } }));
    assert.deepEqual(
      sorted(rows),
      sorted([
        { depth: -4, label: 'web_home', next: 'web_product', count: 1 },
        { depth: -3, label: 'web_product', next: 'web_cart', count: 1 },
        { depth: -2, label: 'web_cart', next: 'web_product', count: 1 },
        { depth: -2, label: 'web_product', next: 'web_cart', count: 1 },
        { depth: -1, label: 'web_product', next: 'web_checkout', count: 1 },
        { depth: -1, label: 'web_cart', next: 'web_checkout', count: 1 },
        { depth: 0, label: 'web_checkout', next: null, count: 2 },
      ]),
    );
    const short = pathStepCounts(EVENTS, def({ end: { event: 'Checkout Started' }, depth: 1 }));
    assert.equal(short.filter((r) => r.depth === -1).length, 2);
    assert.ok(short.every((r) => r.depth >= -1));
  });

  test('between start and end: only paths reaching the end within depth steps', () => {
    const d = (depth: number) => def({ start: { event: 'Product Viewed' }, end: { event: 'Checkout Started' }, depth });
    assert.deepEqual(paths(EVENTS, d(2)).totalPaths, 1); // B only: A needs 3 steps
    const r = paths(EVENTS, d(3));
    assert.equal(r.mode, 'between');
    assert.equal(r.totalPaths, 2);
    const ends = r.nodes.filter((x) => x.label === 'web_checkout');
    assert.deepEqual(ends.map((x) => [x.depth, x.count, x.dropOff]), [[2, 1, 1], [3, 1, 1]]);
  });

  test('cleaning rules apply in order before collapsing; exclusions drop events before collapsing', () => {
    const cleaned = pathStepCounts(EVENTS, def({ start: { event: 'Home Viewed' }, cleaning: [{ regex: '^web_(product|cart)$', label: 'shop' }] }));
    assert.deepEqual(
      sorted(cleaned),
      sorted([
        { depth: 0, label: 'web_home', next: 'shop', count: 1 },
        { depth: 1, label: 'shop', next: 'web_checkout', count: 1 },
        { depth: 2, label: 'web_checkout', next: null, count: 1 },
        { depth: 0, label: 'web_home', next: 'email_reminder', count: 1 },
        { depth: 1, label: 'email_reminder', next: null, count: 1 },
      ]),
    );
    const excl = pathStepCounts(EVENTS, def({ start: { event: 'Home Viewed' }, exclude: ['web_cart', 'email_reminder'] }));
    assert.deepEqual(
      sorted(excl),
      sorted([
        { depth: 0, label: 'web_home', next: 'web_product', count: 1 },
        { depth: 1, label: 'web_product', next: 'web_checkout', count: 1 },
        { depth: 2, label: 'web_checkout', next: null, count: 1 },
        { depth: 0, label: 'web_home', next: null, count: 1 },
      ]),
    );
  });

  test('cleaning labels are literal and rules chain', () => {
    const rules = [
      { regex: '\\d+', label: '$1:id$' },
      { regex: 'a.c', label: '会员' },
    ];
    assert.equal(cleanLabel('/p/123/abc/x9', rules), '/p/$1:id$/会员/x$1:id$');
  });

  test('by event label', () => {
    const r = paths(EVENTS, def({ by: 'event', start: { touchpoint: 'web_cart' }, depth: 1 }));
    assert.deepEqual(r.edges.map((e) => [e.source, e.target, e.count]).sort(), [
      ['0:Product Added', '1:Checkout Started', 1],
      ['0:Product Added', '1:Product Viewed', 1],
    ]);
  });
});

describe('paths definition validation', () => {
  const fails = (input: unknown, path: string) => {
    const r = pathsSchema.safeParse(input);
    assert.ok(!r.success, JSON.stringify(input));
    assert.equal(r.error.issues[0]!.path.join('.'), path);
  };
  test('depth within 1..10, patterns portable and not matching empty text', () => {
    fails({ depth: 11 }, 'depth');
    fails({ depth: 0 }, 'depth');
    fails({ cleaning: [{ regex: '(?=x)', label: 'y' }] }, 'cleaning.0.regex');
    fails({ cleaning: [{ regex: '(a)\\1', label: 'y' }] }, 'cleaning.0.regex');
    fails({ cleaning: [{ regex: 'a*', label: 'y' }] }, 'cleaning.0.regex');
    fails({ cleaning: [{ regex: '[', label: 'y' }] }, 'cleaning.0.regex');
    fails({ by: 'page' }, 'by');
    fails({ cleaning: [{ regex: 'x', label: 'a\\1' }] }, 'cleaning.0.label');
    assert.equal(pathsSchema.parse({}).depth, 5);
  });
});

describe('paths graph on random step counts: the main flow keeps its promises', () => {
  /** A small deterministic PRNG (mulberry32) for the random step rows. */
  const prng = (seed: number) => () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    test(`seed ${seed}: every step's drawn edges carry >= coverage of its moves, no drawn node is a false dead end, what is left out adds up, shares sum to 1`, () => {
      const r = prng(seed);
      const labels = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
      const rows: PathStepCount[] = [];
      for (let depth = 0; depth < 4; depth++)
        for (const label of labels)
          for (const next of [...labels, null]) if (r() < 0.35) rows.push({ depth, label, next: depth === 3 ? null : next, count: 1 + Math.floor(r() ** 3 * 200) });
      const seen = new Set<string>();
      const unique = rows.filter((x) => !seen.has(`${x.depth}|${x.label}|${x.next}`) && seen.add(`${x.depth}|${x.label}|${x.next}`));
      for (const coverage of [0.5, 0.8, 0.95, 1]) {
        const g = pathsGraph(def({ depth: 4, coverage }), unique);
        const all = pathsGraph(def({ depth: 4, coverage: 1 }), unique);
        const depthOf = (id: string) => Number(id.split(':')[0]);
        for (const d of [0, 1, 2]) {
          const flow = all.edges.filter((e) => depthOf(e.source) === d).reduce((s, e) => s + e.count, 0);
          const drawn = g.edges.filter((e) => depthOf(e.source) === d).reduce((s, e) => s + e.count, 0);
          assert.ok(drawn >= coverage * flow - 1e-9, `coverage ${coverage}, step ${d}: ${drawn} of ${flow}`);
        }
        const drawnNodes = new Set(g.nodes.map((n) => n.id));
        for (const id of drawnNodes)
          if (all.edges.some((e) => e.source === id)) assert.ok(g.edges.some((e) => e.source === id), `coverage ${coverage}: ${id} has an outgoing edge drawn`);
        assert.equal(g.otherCount + g.edges.reduce((s, e) => s + e.count, 0), g.flow);
        assert.equal(g.otherEdges + g.edges.length, all.edges.length);
        for (const n of all.nodes) {
          const sum = all.edges.filter((e) => e.source === n.id).reduce((s, e) => s + e.share, 0) + n.dropOffShare;
          assert.ok(Math.abs(sum - 1) < 1e-9, `${n.id}: ${sum}`);
        }
      }
    });
  }
});
