import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, classifyInput, DEFAULT_RULES, normalizeMessage, projectConfigSchema } from '../src/index.js';

const tp = (m: Record<string, unknown>, rules = DEFAULT_RULES) => {
  const r = normalizeMessage(m, { receivedAt: 0, source: 't' });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return classify(classifyInput(r.value), rules);
};

test('defaults classify e-commerce, ads, store, support and pages', () => {
  assert.deepEqual(tp({ type: 'track', event: 'Order Completed', userId: 'u', context: { channel: 'web' } }), { touchpoint: 'Order Completed', channel: 'web', type: 'digital', stage: 'conversion' });
  assert.deepEqual(tp({ type: 'track', event: 'Ad Impression', anonymousId: 'a' }), { touchpoint: 'Ad Impression', channel: 'ads', type: 'digital', stage: 'awareness' });
  assert.deepEqual(tp({ type: 'track', event: 'Store Visited', userId: 'u' }), { touchpoint: 'Store Visited', channel: 'store', type: 'physical', stage: 'consideration' });
  assert.deepEqual(tp({ type: 'track', event: 'Support Call', userId: 'u' }), { touchpoint: 'Support Call', channel: 'support', type: 'human', stage: 'loyalty' });
  // The cart page is folded into the tracked event of the same action (see the folding test).
  assert.deepEqual(tp({ type: 'page', name: 'Cart', anonymousId: 'a', context: { page: { path: '/cart' } } }), { touchpoint: 'Cart Viewed', channel: 'web', type: 'digital', stage: 'consideration' });
  assert.deepEqual(tp({ type: 'page', anonymousId: 'a', context: { page: { path: '/blog/x' }, campaign: { medium: 'social' } } }), { touchpoint: '/blog/x', channel: 'social', type: 'social', stage: 'awareness' });
  assert.deepEqual(tp({ type: 'screen', name: 'Home', anonymousId: 'a' }), { touchpoint: 'Home', channel: 'app', type: 'digital', stage: 'interest' });
});

test('config rules come first and may set one attribute only', () => {
  const cfg = projectConfigSchema.parse({ touchpoints: { rules: [{ match: { event: '^order completed$' }, set: { stage: 'loyalty', touchpoint: 'Purchase' } }] } });
  const rules = [...cfg.touchpoints.rules, ...DEFAULT_RULES];
  assert.deepEqual(tp({ type: 'track', event: 'Order Completed', userId: 'u', context: { channel: 'store' } }, rules), { touchpoint: 'Purchase', channel: 'store', type: 'physical', stage: 'loyalty' });
});

test('config errors name the field', () => {
  const r = projectConfigSchema.safeParse({ touchpoints: { rules: [{ match: { event: 'x' }, set: { channel: 'fax' } }] } });
  assert.ok(!r.success);
  assert.deepEqual(r.error.issues[0]!.path, ['touchpoints', 'rules', 0, 'set', 'channel']);
});

test('folding: the page or screen view and the tracked event of one action are one touchpoint, in one cell', () => {
  // Hand-written pairs as the demo's web and app send them: [page or screen, tracked event, expected cell].
  const web = { channel: 'web' };
  const app = { channel: 'app' };
  const pairs: [Record<string, unknown>, Record<string, unknown>, Record<string, string>][] = [
    [{ type: 'page', name: 'Product', context: { ...web, page: { path: '/products/nw-jkt-101' } } }, { type: 'track', event: 'Product Viewed', context: web }, { touchpoint: 'Product Viewed', channel: 'web', type: 'digital', stage: 'interest' }],
    [{ type: 'page', name: 'Cart', context: { ...web, page: { path: '/cart' } } }, { type: 'track', event: 'Cart Viewed', context: web }, { touchpoint: 'Cart Viewed', channel: 'web', type: 'digital', stage: 'consideration' }],
    [{ type: 'page', name: 'Checkout', context: { ...web, page: { path: '/checkout' } } }, { type: 'track', event: 'Checkout Started', context: web }, { touchpoint: 'Checkout Started', channel: 'web', type: 'digital', stage: 'consideration' }],
    [{ type: 'screen', name: 'Product', context: app }, { type: 'track', event: 'Product Viewed', context: app }, { touchpoint: 'Product Viewed', channel: 'app', type: 'digital', stage: 'interest' }],
    [{ type: 'screen', name: 'Checkout', context: app }, { type: 'track', event: 'Checkout Started', context: app }, { touchpoint: 'Checkout Started', channel: 'app', type: 'digital', stage: 'consideration' }],
    [{ type: 'page', name: 'Product List', context: { ...web, page: { path: '/category/tents' } } }, { type: 'track', event: 'Product List Viewed', context: web }, { touchpoint: 'Product List Viewed', channel: 'web', type: 'digital', stage: 'interest' }],
  ];
  for (const [view, event, cell] of pairs) {
    assert.deepEqual(tp({ ...view, anonymousId: 'a' }), cell, `${String(view.type)} ${String(view.name)}`);
    assert.deepEqual(tp({ ...event, anonymousId: 'a' }), cell, String(event.event));
  }
  // Only whole names fold: "Productivity tips" and "Checkout help" keep their own names.
  assert.equal(tp({ type: 'page', name: 'Productivity tips', anonymousId: 'a', context: web }).touchpoint, 'Productivity tips');
  assert.equal(tp({ type: 'page', name: 'Checkout help', anonymousId: 'a', context: web }).touchpoint, 'Checkout help');
  // A tracked event named like a page is not renamed (the fold applies to page and screen views).
  assert.equal(tp({ type: 'track', event: 'Cart', anonymousId: 'a', context: web }).touchpoint, 'Cart');
});

test('placement: service interactions are in the support lane of the post-purchase stage', () => {
  const support = { channel: 'support' };
  const service = { channel: 'support', type: 'human', stage: 'loyalty' };
  for (const event of ['Support Ticket Opened', 'Support Call', 'Support Chat Started', 'Support Ticket Resolved'])
    assert.deepEqual(tp({ type: 'track', event, userId: 'u', context: support }), { touchpoint: event, ...service }, event);
  // A refund sent by the help desk, and one sent by a source that names no channel: both service.
  assert.deepEqual(tp({ type: 'track', event: 'Order Refunded', userId: 'u', context: support }), { touchpoint: 'Order Refunded', ...service });
  assert.deepEqual(tp({ type: 'track', event: 'Order Refunded', userId: 'u' }), { touchpoint: 'Order Refunded', ...service });
  assert.deepEqual(tp({ type: 'track', event: 'Return Requested', userId: 'u' }), { touchpoint: 'Return Requested', ...service });
  // A source that says where the refund happened keeps its channel (the first matching rule wins).
  assert.equal(tp({ type: 'track', event: 'Order Refunded', userId: 'u', context: { channel: 'store' } }).channel, 'store');
});
