import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cleanLabel, paths, pathsSchema, pathStepCounts, type AnalyticsEvent, type PathsInput, type PathStepCount } from '../src/index.js';
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
      { source: '0:web_product', target: '1:web_cart', count: 2 },
      { source: '0:web_product', target: '1:email_reminder', count: 1 },
    ]);
    assert.deepEqual(r.nodes, [
      { id: '0:web_product', depth: 0, label: 'web_product', count: 3, dropOff: 0 },
      { id: '1:web_cart', depth: 1, label: 'web_cart', count: 2, dropOff: 0 },
      { id: '1:email_reminder', depth: 1, label: 'email_reminder', count: 1, dropOff: 1 },
    ]);
    assert.equal(r.otherEdges, 2);
    assert.equal(r.otherCount, 2);
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
