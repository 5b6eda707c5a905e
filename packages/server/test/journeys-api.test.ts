import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_DELIVERY_CONFIG, DEFAULT_PURPOSES, type JourneyDetail, type JourneyStats } from '@trailmap/core';
import { openMemoryState, type StateStore } from '@trailmap/state';
import type { EventStore } from '@trailmap/warehouse';
import { openTestStore } from '@trailmap/warehouse/testing';
import { buildApp } from '../src/app.js';
import { createKey } from '../src/auth/key-admin.js';
import { JourneyCatalogue } from '../src/journeys/journey-catalogue.js';
import { JourneyFeed } from '../src/journeys/journey-feed.js';
import { createOrchestration, type Orchestration } from '../src/journeys/orchestration.js';
import { warehouseContextSource } from '../src/journeys/person-context-source.js';
import { startSmtpPeer, TestClock } from './support/journey-rig.js';
import { basic, get, KEYS, post } from './support/test-server.js';

// The journeys API end to end on the engine under test: create the shipped abandoned-cart example
// as it is, publish it, collect events over HTTP, let the worker and sender run on a test clock,
// and read the messages and stats back; plus validation, status moves and scopes.
const H = 3_600_000;
const example = readFileSync(new URL('../../../../docs/journeys/abandoned-cart.json', import.meta.url), 'utf8');
let url: string;
let dir: string;
let store: EventStore;
let state: StateStore;
let app: FastifyInstance;
let orch: Orchestration;
let admin: string;
let smtp: Awaited<ReturnType<typeof startSmtpPeer>>;
const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'));

before(async () => {
  smtp = await startSmtpPeer();
  dir = mkdtempSync(join(tmpdir(), 'trailmap-journeys-api-'));
  state = await openMemoryState();
  const catalogue = new JourneyCatalogue(state, 0);
  const feed = new JourneyFeed(state, catalogue, clock.now);
  store = await openTestStore(dir, { state, journeyFeed: feed });
  const context = warehouseContextSource(store, state, 'UTC');
  app = buildApp({ store, state, keys: KEYS, logLevel: 'silent', now: clock.now, journeys: { catalogue, feed, context } });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  orch = createOrchestration({ state, catalogue, context, rules: DEFAULT_DELIVERY_CONFIG, purposes: DEFAULT_PURPOSES, publicUrl: url, env: { TRAILMAP_SMTP_URL: smtp.url }, store, now: clock.now });
  admin = `Bearer ${(await createKey(state, { name: 'journeys', scopes: ['admin'] }, { actor: 'cli' })).secret}`;
});
after(async () => {
  await orch?.close();
  await app?.close();
  await store?.close();
  await state?.close();
  await smtp?.close();
  rmSync(dir, { recursive: true, force: true });
});

const settle = async () => {
  await store.flush();
  await orch.settle();
};

describe('journeys API', () => {
  let id: string;

  test('create the shipped example as it is, then publish it (version 1, live)', async () => {
    const created = await post(url, '/v1/journeys', example, admin);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const j = created.body as JourneyDetail;
    id = j.id;
    assert.match(id, /^abandoned-cart-[0-9a-f]{6}$/);
    assert.equal(j.status, 'draft');
    assert.equal(j.unpublishedChanges, true);
    const published = (await post(url, `/v1/journeys/${id}/publish`, undefined, admin)).body as JourneyDetail;
    assert.equal(published.status, 'live');
    assert.equal(published.liveVersion, 1);
    assert.equal(published.unpublishedChanges, false);
    assert.deepEqual(published.versions.map((v) => v.version), [1]);
    const list = await get(url, '/v1/journeys');
    assert.deepEqual(list.body.journeys.map((x: { id: string; status: string }) => [x.id, x.status]), [[id, 'live']]);
  });

  test('a person identified with traits.email (marketing consent by default outside the EU) gets the email; stats and messages show it', async () => {
    const batch = [
      { type: 'identify', userId: 'amy', traits: { email: 'amy@example.test', first_name: 'Amy' }, timestamp: new Date(clock.ms).toISOString(), messageId: 'api-1' },
      { type: 'track', userId: 'amy', event: 'Product Added', properties: { cart_id: 'k1' }, timestamp: new Date(clock.ms).toISOString(), messageId: 'api-2' },
      { type: 'identify', userId: 'ben', traits: { email: 'ben@example.test' }, timestamp: new Date(clock.ms).toISOString(), messageId: 'api-3' },
      { type: 'track', userId: 'ben', event: 'Product Added', properties: { cart_id: 'k2' }, timestamp: new Date(clock.ms).toISOString(), messageId: 'api-4' },
    ];
    assert.equal((await post(url, '/v1/batch', { batch }, basic(KEYS.writeKey))).status, 200);
    await settle();
    clock.advance(H);
    await post(url, '/v1/track', { userId: 'ben', event: 'Order Completed', properties: { cart_id: 'k2' }, timestamp: new Date(clock.ms).toISOString(), messageId: 'api-5' }, basic(KEYS.writeKey));
    await settle();
    clock.advance(3 * H);
    await settle();
    assert.deepEqual(smtp.mails.map((m) => m.to), [['amy@example.test']]);
    const stats = (await get(url, `/v1/journeys/${id}/stats`)).body as JourneyStats;
    assert.equal(stats.entered, 2);
    assert.equal(stats.goalReached, 1);
    assert.equal(stats.following, 1);
    assert.equal(stats.messages.sent, 1);
    assert.deepEqual(stats.steps.map((s) => [s.stepId, s.reached]), [['wait_for_order', 2], ['sending_hours', 1], ['reminder_email', 1]]);
    const messages = (await get(url, `/v1/messages?journeyId=${id}`)).body;
    assert.equal(messages.messages.length, 1);
    assert.equal(messages.messages[0].status, 'sent');
    assert.equal(messages.next, null);
  });

  test('a provider reports delivered and opened; a status never moves back; each is an event', async () => {
    const [m] = (await get(url, `/v1/messages?journeyId=${id}`)).body.messages;
    const report = (status: string) => post(url, `/v1/messages/${encodeURIComponent(m.id)}/status`, { status }, admin);
    assert.equal((await report('delivered')).body.recorded, true);
    const opened = await report('opened');
    assert.equal(opened.body.message.status, 'opened');
    assert.equal((await report('delivered')).body.recorded, false, 'delivered after opened changes nothing');
    assert.equal((await report('nope')).status, 400);
    assert.equal((await post(url, '/v1/messages/none/status', { status: 'opened' }, admin)).status, 404);
    await settle();
    await store.flush();
    const db = await store.readSession();
    const rows = await db.query<{ event: string }>(`SELECT event FROM events WHERE source = 'journeys' AND event LIKE 'Email %' ORDER BY event`);
    assert.deepEqual(rows.map((r) => r.event), ['Email Delivered', 'Email Opened', 'Email Queued', 'Email Sent']);
  });

  test('template preview for a chosen person', async () => {
    const r = await post(url, `/v1/journeys/${id}/preview`, { personId: 'amy', stepId: 'reminder_email' }, `Bearer ${KEYS.readKey}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.subject, 'Amy, your cart is waiting');
    assert.match(r.body.body, /Amy, you left something in your cart/);
    assert.equal((await post(url, `/v1/journeys/${id}/preview`, { personId: 'nobody', stepId: 'reminder_email' }, `Bearer ${KEYS.readKey}`)).status, 404);
  });

  test('validation names the field; a broken template is an issue at its locale', async () => {
    const def = JSON.parse(example);
    def.steps[2].template.body.zh = '{{ person.traits.first_name | nosuchfilter }}';
    def.steps[0].onTimeout = 'missing_step';
    const v = (await post(url, '/v1/journeys/validate', def, `Bearer ${KEYS.readKey}`)).body;
    assert.equal(v.valid, false);
    assert.deepEqual(v.issues.map((i: { path: string }) => i.path), ['steps.0.onTimeout']);
    def.steps[0].onTimeout = 'sending_hours';
    const v2 = (await post(url, '/v1/journeys/validate', def, `Bearer ${KEYS.readKey}`)).body;
    assert.deepEqual(v2.issues.map((i: { path: string }) => i.path), ['steps.2.template.body.zh']);
    const put = await post(url, `/v1/journeys/${id}`, def, admin, 'PUT');
    assert.equal(put.status, 400);
    assert.equal(put.body.error.field, 'steps.2.template.body.zh');
  });

  test('status moves: pause → resume → archive; archived journeys cannot change', async () => {
    assert.equal((await post(url, `/v1/journeys/${id}/resume`, undefined, admin)).status, 409);
    assert.equal((await post(url, `/v1/journeys/${id}/pause`, undefined, admin)).body.status, 'paused');
    assert.equal((await post(url, `/v1/journeys/${id}/resume`, undefined, admin)).body.status, 'live');
    const archived = (await post(url, `/v1/journeys/${id}/archive`, undefined, admin)).body as JourneyDetail;
    assert.equal(archived.status, 'archived');
    assert.equal(archived.running, 0);
    const stats = (await get(url, `/v1/journeys/${id}/stats`)).body as JourneyStats;
    assert.equal(stats.ended.archived, 1);
    const edit = await post(url, `/v1/journeys/${id}`, JSON.parse(example), admin, 'PUT');
    assert.equal(edit.status, 409);
    assert.equal(edit.body.error.code, 'archived');
  });

  test('changes need the admin scope; reads the read key', async () => {
    assert.equal((await post(url, '/v1/journeys', example, `Bearer ${KEYS.readKey}`)).status, 403);
    assert.equal((await get(url, '/v1/journeys', null)).status, 401);
    assert.equal((await get(url, '/v1/journeys/nope')).status, 404);
    assert.equal((await get(url, '/v1/messages?status=nope')).status, 400);
  });
});
