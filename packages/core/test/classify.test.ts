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
  assert.deepEqual(tp({ type: 'page', name: 'Cart', anonymousId: 'a', context: { page: { path: '/cart' } } }), { touchpoint: 'Cart', channel: 'web', type: 'digital', stage: 'consideration' });
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
