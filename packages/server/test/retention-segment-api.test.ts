import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RetentionResult } from '@trailmap/core';
import { basic, KEYS, post, startTestServer } from './support/test-server.js';

// Retention broken down by a saved segment over HTTP, on the engine under test
// (TRAILMAP_WAREHOUSE): the "in" grid equals retention filtered by { inSegment }, the "not in"
// grid retention filtered by { notInSegment }; an unknown key is a 400.
let srv: Awaited<ReturnType<typeof startTestServer>>;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const clock = T0 + 40 * DAY;
const write = basic(KEYS.writeKey);
const read = `Bearer ${KEYS.readKey}`;
const at = (d: number) => new Date(T0 + d * DAY).toISOString();
const ev = (user: string, day: number, event: string) => ({ type: 'track', userId: user, event, timestamp: at(day), messageId: `${user}-${event}-${day}` });
const plan = (user: string, value: string) => ({ type: 'identify', userId: user, traits: { plan: value }, timestamp: at(0), messageId: `${user}-plan` });

before(async () => {
  srv = await startTestServer({ now: () => clock });
  const batch: unknown[] = [];
  // Pro people sign up and come back weekly; free ones mostly do not.
  const people = [['rs-a', 'pro', [7, 14]], ['rs-b', 'pro', [7]], ['rs-c', 'pro', [14, 21]], ['rs-d', 'free', [7]], ['rs-e', 'free', []], ['rs-f', 'free', []], ['rs-g', 'free', [21]]] as const;
  people.forEach(([u, p, back], i) => {
    batch.push(plan(u, p), ev(u, i % 2, 'Signed Up'));
    for (const d of back) batch.push(ev(u, d + (i % 2), 'Order Completed'));
  });
  const r = await post(srv.url, '/v1/batch', { batch }, write);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const s = await post(srv.url, '/v1/segments', { key: 'pro-plan', name: 'Pro plan', rule: { trait: 'plan', value: 'pro' } }, read);
  assert.equal(s.status, 201, JSON.stringify(s.body));
});
after(async () => srv.close());

const question = { start: { event: 'Signed Up' }, return: { event: 'Order Completed' }, period: 'week', periods: 4 };
const ask = async (extra: object): Promise<RetentionResult> => {
  const r = await post(srv.url, '/v1/analytics/retention', { ...question, ...extra }, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as RetentionResult;
};

test('retention broken down by a saved segment: "in" and "not in" equal the filtered grids', async () => {
  const split = await ask({ breakdown: { segment: 'pro-plan' } });
  const inside = await ask({ segment: [{ inSegment: 'pro-plan' }] });
  const outside = await ask({ segment: [{ notInSegment: 'pro-plan' }] });
  const whole = await ask({});
  assert.deepEqual(split.breakdown?.map((g) => g.value), ['in', 'not in']);
  assert.deepEqual({ cohorts: split.breakdown![0]!.cohorts, average: split.breakdown![0]!.average }, { cohorts: inside.cohorts, average: inside.average });
  assert.deepEqual({ cohorts: split.breakdown![1]!.cohorts, average: split.breakdown![1]!.average }, { cohorts: outside.cohorts, average: outside.average });
  assert.deepEqual(split.cohorts, whole.cohorts, 'the whole grid is the unbroken one');
  // Hand-counted: 3 pro people, 2 of them back a week later; 4 free people, 1 of them back a week later.
  assert.equal(split.breakdown![0]!.average[0]!.size, 3);
  assert.equal(split.breakdown![1]!.average[0]!.size, 4);
  assert.deepEqual(split.breakdown!.map((g) => g.average[1]!.count), [2, 1]);
});

test('a retention breakdown by an unknown segment is a 400 naming it', async () => {
  const r = await post(srv.url, '/v1/analytics/retention', { ...question, breakdown: { segment: 'nobody-saved-this' } }, read);
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.match(r.body.error.message, /nobody-saved-this/);
});
