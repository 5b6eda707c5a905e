import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StateStore } from '@trailmap/state';
import { openEmbeddedTestState } from '@trailmap/state/test-support';
import { openTestStore } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import { buildApp } from '../src/app.js';
import type { OutboundMessage } from '../src/channels/channel.js';
import { inappInboxAdapter } from '../src/channels/inapp-inbox.js';
import { basic, get, KEYS, post } from './support/test-server.js';

// The in-app channel writes into the state store's inbox (a retry of one message id adds
// nothing); the site or app lists it with a read key (newest first, the unread count) by any of
// the person's ids, and marks a message read with its collect key.

let dir: string;
let state: StateStore;
let store: EventStore;
let app: ReturnType<typeof buildApp>;
let url: string;
let clock = Date.parse('2026-12-06T09:00:00.000Z');
let personId: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-inbox-'));
  state = (await openEmbeddedTestState(dir)).state;
  store = await openTestStore(dir, { state });
  app = buildApp({ store, state, keys: KEYS, logLevel: 'silent', now: () => clock, scoresEveryMs: null });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  for (const userId of ['u1', 'u2']) {
    const r = await post(url, '/v1/identify', { userId, anonymousId: `anon-${userId}`, traits: { name: userId }, timestamp: '2026-12-01T10:00:00.000Z' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
  personId = (await store.consentFor('u1'))!.personId;
});
after(async () => {
  await app?.close();
  await store?.close();
  await state?.close();
  rmSync(dir, { recursive: true, force: true });
});

const message = (id: string, over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id, personId, channel: 'inapp', to: personId, subject: `Title ${id}`, body: `Body <b>${id}</b> 您好`, transactional: false,
  unsubscribeUrl: null, journeyId: 'welcome', stepId: 'inbox', runId: 'run_1', ...over,
});

test('sending writes once per message id; the inbox lists newest first with the unread count, by userId, anonymousId or person id', async () => {
  const inbox = inappInboxAdapter(state, () => clock);
  assert.deepEqual(await inbox.send(message('m1'), AbortSignal.timeout(5_000)), { ok: true, providerId: 'm1' });
  assert.deepEqual(await inbox.send(message('m1', { body: 'a retry' }), AbortSignal.timeout(5_000)), { ok: true, providerId: 'm1' }, 'a retry is a success');
  clock += 60_000;
  await inbox.send(message('m2'), AbortSignal.timeout(5_000));
  const rows = await state.query<{ n: string | number }>(`SELECT count(*) AS n FROM inbox_messages WHERE person_id = $1`, [personId]);
  assert.equal(Number(rows[0]!.n), 2, 'the retry added no row');

  for (const id of ['u1', 'anon-u1', personId]) {
    const r = await get(url, `/v1/inbox/${id}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.personId, personId);
    assert.deepEqual(r.body.messages.map((m: { id: string }) => m.id), ['m2', 'm1']);
    assert.equal(r.body.unreadCount, 2);
  }
  const first = (await get(url, '/v1/inbox/u1')).body.messages[1];
  assert.deepEqual(first, { id: 'm1', personId, journeyId: 'welcome', title: 'Title m1', body: 'Body <b>m1</b> 您好', createdAt: '2026-12-06T09:00:00.000Z', readAt: null });
  assert.deepEqual((await get(url, '/v1/inbox/u2')).body, { personId: (await store.consentFor('u2'))!.personId, messages: [], unreadCount: 0 });
  assert.deepEqual((await get(url, '/v1/inbox/nobody-yet')).body, { personId: 'nobody-yet', messages: [], unreadCount: 0 });
  const page = await get(url, '/v1/inbox/u1?limit=1');
  assert.deepEqual([page.body.messages.length, page.body.unreadCount], [1, 2], 'the count is of all unread, not the page');
});

test('marking read: with the collect key, once (the first time kept); another person\'s message or an unknown one is a 404', async () => {
  clock = Date.parse('2026-12-06T10:00:00.000Z');
  const read = await post(url, '/v1/inbox/u1/m1/read', undefined, basic(KEYS.writeKey));
  assert.equal(read.status, 200, JSON.stringify(read.body));
  assert.equal(read.body.readAt, '2026-12-06T10:00:00.000Z');
  clock += 60_000;
  const again = await post(url, `/v1/inbox/${personId}/m1/read`, undefined, `Bearer ${KEYS.writeKey}`);
  assert.equal(again.body.readAt, '2026-12-06T10:00:00.000Z', 'the first read time is kept');
  assert.equal((await get(url, '/v1/inbox/u1')).body.unreadCount, 1);

  const other = await post(url, '/v1/inbox/u2/m2/read', undefined, basic(KEYS.writeKey));
  assert.deepEqual([other.status, other.body.error.code, other.body.error.field], [404, 'not_found', 'messageId']);
  assert.equal((await post(url, '/v1/inbox/u1/nope/read', undefined, basic(KEYS.writeKey))).status, 404);
});

test('keys and bad input: GET needs read, POST needs collect; a bad limit is a 400 naming it', async () => {
  assert.equal((await get(url, '/v1/inbox/u1', null)).status, 401);
  assert.equal((await get(url, '/v1/inbox/u1', basic(KEYS.writeKey))).status, 401, 'a write key is no Bearer read key');
  assert.equal((await get(url, '/v1/inbox/u1', `Bearer ${KEYS.writeKey}`)).status, 403);
  assert.equal((await post(url, '/v1/inbox/u1/m2/read', undefined, null)).status, 401);
  const readKey = await post(url, '/v1/inbox/u1/m2/read', undefined, `Bearer ${KEYS.readKey}`);
  assert.deepEqual([readKey.status, readKey.body.error.code], [403, 'scope_required']);
  const bad = await get(url, '/v1/inbox/u1?limit=0');
  assert.deepEqual([bad.status, bad.body.error.field], [400, 'limit']);
  assert.equal((await get(url, '/v1/inbox/u1?other=1')).status, 400);
});
