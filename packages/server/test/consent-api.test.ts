import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditQuerySchema } from '@trailmap/core';
import { listAudit, type StateStore } from '@trailmap/state';
import { openEmbeddedTestState } from '@trailmap/state/test-support';
import { openTestStore } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import { buildApp } from '../src/app.js';
import { Authorizer } from '../src/auth/authorizer.js';
import { createKey } from '../src/auth/key-admin.js';
import { get, KEYS, post } from './support/test-server.js';

// PUT/GET /v1/people/:id/consent over HTTP on the engine under test: a refusal through the API
// takes the person out of funnels, the journey map and attribution at once; granting brings them
// back with the history kept; bad input is a 400 naming the field; unknown people 404; audited.
let dir: string;
let store: EventStore;
let state: StateStore;
let auth: Authorizer;
let url: string;
let app: ReturnType<typeof buildApp>;
let privacyKey: string;
const read = `Bearer ${KEYS.readKey}`;
let clock = Date.parse('2026-12-04T12:00:00.000Z');

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-consent-api-'));
  state = (await openEmbeddedTestState(dir)).state;
  store = await openTestStore(dir, { state });
  privacyKey = `Bearer ${(await createKey(state, { name: 'privacy', scopes: ['privacy'] }, { actor: 'test' })).secret}`;
  auth = new Authorizer(state, () => clock, KEYS);
  app = buildApp({ store, state, keys: KEYS, authorizer: auth, logLevel: 'silent', now: () => clock, scoresEveryMs: null });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app?.close();
  await auth?.close();
  await store?.close();
  await state?.close();
  rmSync(dir, { recursive: true, force: true });
});

const ts = (min: number) => new Date(Date.UTC(2026, 10, 2, 10, min)).toISOString();
const journey = (user: string, at: number) => [
  { type: 'track', event: 'Ad Clicked', userId: user, messageId: `${user}-1`, timestamp: ts(at), context: { locale: 'en-US' } },
  { type: 'track', event: 'Product Viewed', userId: user, messageId: `${user}-2`, timestamp: ts(at + 1), context: { locale: 'en-US' } },
  { type: 'track', event: 'Order Completed', userId: user, messageId: `${user}-3`, timestamp: ts(at + 2), properties: { revenue: 10 }, context: { locale: 'en-US' } },
];
const range = { from: '2026-11-01', to: '2026-12-01' };
async function answers() {
  const f = await post(url, '/v1/analytics/funnel', { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], range }, read);
  assert.equal(f.status, 200, JSON.stringify(f.body));
  const m = await post(url, '/v1/analytics/journey-map', { period: range }, read);
  assert.equal(m.status, 200, JSON.stringify(m.body));
  const a = await post(url, '/v1/attribution', { model: 'last', by: 'event', range }, read);
  assert.equal(a.status, 200, JSON.stringify(a.body));
  return { funnel: f.body.steps.map((s: { count: number }) => s.count), mapEvents: m.body.totals.events, attributed: a.body.conversions };
}
const put = (id: string, body: unknown, key = privacyKey) => post(url, `/v1/people/${encodeURIComponent(id)}/consent`, body, key, 'PUT');

test('a refusal through the API takes the person out of funnels, the journey map and attribution; a grant brings them back; history kept', async () => {
  const r = await post(url, '/v1/batch', { batch: [...journey('u1', 0), ...journey('u2', 5)] }, `Basic ${Buffer.from(KEYS.writeKey + ':').toString('base64')}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(await answers(), { funnel: [2, 2], mapEvents: 6, attributed: 2 });

  const before = await get(url, '/v1/people/u1/consent');
  assert.equal(before.status, 200);
  assert.deepEqual(before.body.purposes.analytics, { granted: true, basis: 'default', at: null, source: null, messageId: null });
  assert.deepEqual([before.body.country, before.body.region, before.body.history], ['US', 'other', []]);

  // A read key may not change consent (scope privacy).
  assert.equal((await put('u1', { purposes: { analytics: false } }, read)).status, 403);

  const refused = await put('u1', { purposes: { analytics: false } });
  assert.equal(refused.status, 200, JSON.stringify(refused.body));
  assert.deepEqual(refused.body.purposes.analytics, { granted: false, basis: 'explicit', at: '2026-12-04T12:00:00.000Z', source: 'api', messageId: null });
  assert.deepEqual(await answers(), { funnel: [1, 1], mapEvents: 3, attributed: 1 });
  // The profile still finds them (an operator can), with the same consent block.
  const profile = await get(url, '/v1/profiles/u1');
  assert.equal(profile.status, 200);
  assert.deepEqual(profile.body.consent.purposes, refused.body.purposes);

  clock += 60_000;
  const granted = await put('u1', { purposes: { analytics: true, marketing: false }, source: 'import' });
  assert.equal(granted.status, 200);
  assert.deepEqual(await answers(), { funnel: [2, 2], mapEvents: 6, attributed: 2 });
  assert.deepEqual(granted.body.history.map((h: { purpose: string; granted: boolean; source: string }) => [h.purpose, h.granted, h.source]), [
    ['analytics', false, 'api'],
    ['analytics', true, 'import'],
    ['marketing', false, 'import'],
  ]);

  // Audited without personal data: the person is a keyed reference.
  const audit = await listAudit(state, auditQuerySchema.parse({ action: 'consent.', limit: '100' }));
  const updates = audit.entries.filter((e) => e.action === 'consent.update');
  assert.equal(updates.length, 2);
  for (const e of updates) {
    assert.match(String(e.target), /^person:/);
    assert.ok(!JSON.stringify(e).includes('u1'), 'no user id in the audit log');
  }
  assert.ok(audit.entries.some((e) => e.action === 'consent.read'));
});

test('bad input is a 400 naming the field; an unknown person is a 404', async () => {
  const cases: Array<[unknown, string]> = [
    [{ purposes: { telepathy: true } }, 'purposes.telepathy'],
    [{ purposes: {} }, 'purposes'],
    [{ purposes: { analytics: 'no' } }, 'purposes.analytics'],
    [{ purposes: { analytics: false }, source: 'cmp' }, 'source'],
    [{ purposes: { analytics: false }, extra: 1 }, ''],
  ];
  for (const [body, field] of cases) {
    const r = await put('u2', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.code, 'invalid_definition');
    if (field) assert.equal(r.body.error.field, field, JSON.stringify(r.body));
  }
  assert.equal((await put('nobody-here', { purposes: { analytics: false } })).status, 404);
  assert.equal((await get(url, '/v1/people/nobody-here/consent')).status, 404);
  // Nothing was recorded for u2.
  assert.deepEqual((await get(url, '/v1/people/u2/consent')).body.history, []);
});
