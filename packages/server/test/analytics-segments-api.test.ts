import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { basic, KEYS, post, startTestServer } from './support/test-server.js';

// Analyses filtered by saved segments over HTTP, on the engine under test (TRAILMAP_WAREHOUSE):
// `{ inSegment: key }` answers as the segment's own rule does, `notInSegment` as its negation,
// and an unknown key is a 400 naming the field.
let srv: Awaited<ReturnType<typeof startTestServer>>;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const clock = T0 + 40 * DAY;
const write = basic(KEYS.writeKey);
const read = `Bearer ${KEYS.readKey}`;
const at = (d: number) => new Date(T0 + d * DAY).toISOString();
const ev = (user: string, day: number, event: string) => ({ type: 'track', userId: user, event, timestamp: at(day), messageId: `${user}-${event}-${day}` });
const plan = (user: string, value: string) => ({ type: 'identify', userId: user, traits: { plan: value }, timestamp: at(0), messageId: `${user}-plan` });

before(async () => {
  srv = await startTestServer({ now: () => clock });
  const batch: unknown[] = [];
  // Six people: pro ones view and mostly buy, free ones view and rarely buy.
  for (const [u, p, buys] of [['as-a', 'pro', true], ['as-b', 'pro', true], ['as-c', 'pro', false], ['as-d', 'free', true], ['as-e', 'free', false], ['as-f', 'free', false]] as const) {
    batch.push(plan(u, p), ev(u, 1, 'Product Viewed'));
    if (buys) batch.push(ev(u, 2, 'Order Completed'));
  }
  const r = await post(srv.url, '/v1/batch', { batch }, write);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const s = await post(srv.url, '/v1/segments', { key: 'pro-plan', name: 'Pro plan', rule: { trait: 'plan', value: 'pro' } }, read);
  assert.equal(s.status, 201, JSON.stringify(s.body));
});
after(async () => srv.close());

const funnel = async (segment: unknown) => {
  const r = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], segment }, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return (r.body.steps as Array<{ count: number }>).map((s) => s.count);
};

test('a funnel filtered by a saved segment equals the funnel filtered by its rule', async () => {
  const saved = await funnel([{ inSegment: 'pro-plan' }]);
  assert.deepEqual(saved, [3, 2], 'three pro people viewed, two bought');
  assert.deepEqual(await funnel([{ rule: { trait: 'plan', value: 'pro' } }]), saved);
  assert.deepEqual(await funnel([{ rule: { inSegment: 'pro-plan' }, asOf: at(10) }]), saved, 'a rule may name saved segments too');
  assert.deepEqual(await funnel([{ notInSegment: 'pro-plan' }]), [3, 1]);
  assert.deepEqual(await funnel([{ rule: { not: { trait: 'plan', value: 'pro' } } }]), [3, 1]);
  assert.deepEqual(await funnel([{ property: 'plan', value: 'free' }]), [3, 1], 'the trait-filter list form still works');
  assert.deepEqual(await funnel([{ inSegment: 'pro-plan' }, { rule: { performed: { event: 'Order Completed' } } }]), [2, 2], 'conditions combine with AND');
});

test('a funnel broken down by a saved segment: "in" and "not in" equal the filtered funnels', async () => {
  const r = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], breakdown: { segment: 'pro-plan' } }, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const groups = Object.fromEntries((r.body.breakdown as Array<{ value: string; steps: Array<{ count: number }> }>).map((b) => [b.value, b.steps.map((s) => s.count)]));
  assert.deepEqual(groups, { in: await funnel([{ inSegment: 'pro-plan' }]), 'not in': await funnel([{ notInSegment: 'pro-plan' }]) });
  const unknown = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], breakdown: { segment: 'nobody-saved-this' } }, read);
  assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
  assert.match(unknown.body.error.message, /nobody-saved-this/);
});

test('an unknown segment is a 400 naming the field; a malformed one too', async () => {
  const r = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], segment: [{ inSegment: 'no-such' }] }, read);
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.equal(r.body.error.field, 'segment');
  assert.match(r.body.error.message, /no-such/);
  const retention = await post(srv.url, '/v1/analytics/retention', { segment: [{ notInSegment: 'missing' }] }, read);
  assert.equal(retention.status, 400, JSON.stringify(retention.body));
  assert.match(retention.body.error.message, /missing/);
  const bad = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], segment: [{ inSegment: 'Not A Key!' }] }, read);
  assert.equal(bad.status, 400, JSON.stringify(bad.body));
});

test('the decide routes (attribution) resolve saved segments too', async () => {
  const attribution = async (segment: unknown) => {
    const r = await post(srv.url, '/v1/attribution', { conversion: { event: 'Order Completed' }, model: 'last', segment }, read);
    return r;
  };
  const saved = await attribution([{ inSegment: 'pro-plan' }]);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const byRule = await attribution([{ rule: { trait: 'plan', value: 'pro' } }]);
  assert.deepEqual(saved.body.rows, byRule.body.rows);
  assert.equal((saved.body.rows as Array<{ conversions: number }>).reduce((s, r) => s + r.conversions, 0), 2, 'the two pro buyers');
  const unknown = await attribution([{ notInSegment: 'gone' }]);
  assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
  assert.equal(unknown.body.error.field, 'segment');
});

test('a filter may compare a saved computed trait, directly or through a saved segment; an unknown one is a 400', async () => {
  const t = await post(srv.url, '/v1/computed-traits', { key: 'orders', name: 'Orders', aggregate: 'count', event: 'Order Completed' }, read);
  assert.equal(t.status, 201, JSON.stringify(t.body));
  const s = await post(srv.url, '/v1/segments', { key: 'buyers', name: 'Buyers', rule: { computedTrait: 'orders', op: 'gte', value: 1 } }, read);
  assert.equal(s.status, 201, JSON.stringify(s.body));
  const byTrait = await funnel([{ rule: { computedTrait: 'orders', op: 'gte', value: 1 } }]);
  assert.deepEqual(byTrait, [3, 3], 'the three buyers viewed and bought');
  assert.deepEqual(await funnel([{ inSegment: 'buyers' }]), byTrait);
  assert.deepEqual(await funnel([{ rule: { performed: { event: 'Order Completed' } } }]), byTrait, 'the same people as the performed condition');
  assert.deepEqual(await funnel([{ notInSegment: 'buyers' }]), [3, 0]);
  const unknown = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], segment: [{ rule: { computedTrait: 'nobody-defined-this', op: 'gt', value: 0 } }] }, read);
  assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
  assert.match(unknown.body.error.message, /nobody-defined-this/);
  const breakdown = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], breakdown: { segment: 'buyers' } }, read);
  assert.equal(breakdown.status, 400, JSON.stringify(breakdown.body));
  assert.match(breakdown.body.error.message, /cannot compare computed traits yet/);
});
