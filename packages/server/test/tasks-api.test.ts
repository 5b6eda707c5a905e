import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceScanResult, ServiceTask, ServiceTaskListAnswer } from '@trailmap/core';
import { listAudit, openMemoryState, type StateStore } from '@trailmap/state';
import { auditQuerySchema } from '@trailmap/core';
import { openTestStore } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { createKey } from '../src/auth/key-admin.js';
import { basic, KEYS, post } from './support/test-server.js';

// Proactive service end to end on the engine under test: events in → a scan → tasks (once per
// dedupe key) → the task API (read scope lists, admin assigns and closes) → the task events in the
// warehouse, classified into the support lane.
const NOW = Date.parse('2026-12-06T12:00:00Z');
const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY).toISOString();
let url: string;
let dir: string;
let store: EventStore;
let state: StateStore;
let app: FastifyInstance;
let admin: string;

const track = (id: string, userId: string, event: string, daysAgo: number, properties: Record<string, unknown> = {}) => ({ type: 'track', messageId: id, userId, event, timestamp: at(daysAgo), properties });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-tasks-'));
  store = await openTestStore(dir);
  state = await openMemoryState();
  app = buildApp({ store, state, keys: KEYS, logLevel: 'silent', now: () => NOW });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
  admin = (await createKey(state, { name: 'service-lead', scopes: ['admin'] }, { actor: 'cli' })).secret;
  const batch = [
    track('fb-ana', 'ana', 'Feedback Submitted', 1, { text: 'The payment page kept failing on my phone.', touchpoint: 'Payment Info Entered' }),
    track('fb-bo', 'bo', 'Feedback Submitted', 2, { text: '物流太慢了，非常失望', touchpoint: 'Order Delivered' }),
    track('fb-cy', 'cy', 'Feedback Submitted', 1, { text: 'Delivery arrived a day early, great!', touchpoint: 'Order Delivered' }),
    track('fb-old', 'cy', 'Feedback Submitted', 30, { text: 'Terrible, awful experience.' }),
    track('c1', 'dee', 'Support Call', 6), track('c2', 'dee', 'Support Ticket Opened', 4), track('c3', 'dee', 'Support Chat Started', 2),
    track('c4', 'cy', 'Support Call', 5), track('c5', 'cy', 'Support Call', 3),
    track('pf-eve', 'eve', 'Payment Failed', 1, { order_id: 'o-77', amount: 49.5 }),
    track('o1', 'fay', 'Order Completed', 120), track('o2', 'fay', 'Order Completed', 61.5),
  ];
  const r = await post(url, '/v1/batch', { batch });
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
after(async () => {
  await app.close();
  await store.close();
  await state.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (method: string, path: string, body?: unknown, key = admin) => {
  const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json()) as any };
};
const list = async (q = '') => {
  const r = await call('GET', `/v1/tasks${q}`, undefined, KEYS.readKey);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as ServiceTaskListAnswer;
};
const personOf = async (userId: string) => {
  const r = await call('GET', `/v1/profiles/${userId}`, undefined, KEYS.readKey);
  return r.body.id as string;
};
const taskEvents = async (event: string) => {
  const db = await store.readSession();
  return db.query<{ message_id: string; person_id: string; channel: string; touchpoint_type: string; stage: string; properties: unknown }>(
    `SELECT message_id, person_id, channel, touchpoint_type, stage, properties FROM events WHERE event = ${db.dialect.param(0, event)} ORDER BY message_id`,
    [event],
  );
};

test('a scan makes one task per signal (EN and ZH negative feedback, repeated contacts, a failed payment, a lapsed customer), and a second scan none', async () => {
  assert.equal((await call('POST', '/v1/tasks/scan', undefined, KEYS.readKey)).status, 403, 'scanning needs admin');
  const first = await call('POST', '/v1/tasks/scan');
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const r = first.body as ServiceScanResult;
  assert.equal(r.since, null);
  assert.deepEqual(r.bySource, {
    negative_sentiment: { proposed: 2, created: 2 },
    failed_payment: { proposed: 1, created: 1 },
    repeated_contacts: { proposed: 1, created: 1 },
    lifecycle: { proposed: 1, created: 1 },
  });
  const again = (await call('POST', '/v1/tasks/scan')).body as ServiceScanResult;
  assert.equal(again.created, 0);
  assert.equal(again.since, new Date(NOW - 5 * 60_000).toISOString());

  const all = await list();
  assert.equal(all.total, 5);
  const bySource = (s: string) => all.tasks.filter((t) => t.source === s);
  const [ana, bo] = [await personOf('ana'), await personOf('bo')];
  assert.deepEqual(bySource('negative_sentiment').map((t) => t.personId).sort(), [ana, bo].sort());
  const payment = bySource('failed_payment')[0]!;
  assert.deepEqual([payment.personId, payment.priority, payment.owner, payment.dueAt, payment.detail.orderId], [await personOf('eve'), 'high', 'billing', new Date(NOW + 24 * 3_600_000).toISOString(), 'o-77']);
  assert.equal(bySource('repeated_contacts')[0]!.personId, await personOf('dee'));
  assert.equal(bySource('lifecycle')[0]!.personId, await personOf('fay'));
  // Filters, paging.
  assert.deepEqual((await list('?source=failed_payment,repeated_contacts')).tasks.map((t) => t.source).sort(), ['failed_payment', 'repeated_contacts']);
  assert.deepEqual((await list('?owner=billing')).tasks.map((t) => t.personId).sort(), [ana, await personOf('eve')].sort());
  assert.equal((await list(`?person=${bo}`)).total, 1);
  assert.deepEqual([(await list('?limit=2&offset=4')).tasks.length, (await list('?limit=2')).total], [1, 5]);
  const bad = await call('GET', '/v1/tasks?priority=huge', undefined, KEYS.readKey);
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /priority/);
  // Each created task is the person's event, in the support lane.
  const created = await taskEvents('Service Task Created');
  assert.equal(created.length, 5);
  assert.ok(created.every((e) => e.channel === 'support' && e.touchpoint_type === 'human'), JSON.stringify(created));
  assert.deepEqual(created.map((e) => e.message_id).sort(), all.tasks.map((t) => `service-task-created-${t.id}`).sort());
});

test('assign and close over HTTP: admin only, validated, audited; the close is one "Service Task Closed" event however often it is asked', async () => {
  const task = (await list('?source=failed_payment')).tasks[0]!;
  assert.equal((await call('PATCH', `/v1/tasks/${task.id}`, { owner: 'mia' }, KEYS.readKey)).status, 403);
  const badPatch = await call('PATCH', `/v1/tasks/${task.id}`, { priority: 'huge' });
  assert.equal(badPatch.status, 400);
  assert.equal(badPatch.body.error.field, 'priority');
  assert.equal((await call('PATCH', `/v1/tasks/${task.id}`, {})).status, 400);
  assert.equal((await call('PATCH', '/v1/tasks/st_missing', { owner: 'mia' })).status, 404);
  const patched = await call('PATCH', `/v1/tasks/${task.id}`, { owner: 'mia', status: 'in_progress', priority: 'urgent', dueAt: at(1) });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.deepEqual([patched.body.task.owner, patched.body.task.status, patched.body.task.priority], ['mia', 'in_progress', 'urgent']);
  assert.deepEqual((await list('?overdue=true')).tasks.map((t) => t.id), [task.id]);
  const got = await call('GET', `/v1/tasks/${task.id}`, undefined, KEYS.readKey);
  assert.equal((got.body.task as ServiceTask).owner, 'mia');
  assert.equal((await call('GET', '/v1/tasks/st_missing', undefined, KEYS.readKey)).status, 404);

  assert.equal((await call('POST', `/v1/tasks/${task.id}/close`, { resolution: '' })).body.error.field, 'resolution');
  const closed = await call('POST', `/v1/tasks/${task.id}/close`, { resolution: 'Card re-tried; order paid' });
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  assert.deepEqual([closed.body.task.status, closed.body.task.resolution, closed.body.event], ['closed', 'Card re-tried; order paid', true]);
  const twice = await call('POST', `/v1/tasks/${task.id}/close`, { resolution: 'again' });
  assert.deepEqual([twice.status, twice.body.task.resolution], [200, 'Card re-tried; order paid']);
  assert.equal((await call('PATCH', `/v1/tasks/${task.id}`, { owner: 'bob' })).status, 409);
  const events = await taskEvents('Service Task Closed');
  assert.equal(events.length, 1, 'one event for two closes (its messageId is the task\'s)');
  const props = typeof events[0]!.properties === 'string' ? JSON.parse(events[0]!.properties as string) : events[0]!.properties;
  assert.deepEqual([events[0]!.message_id, events[0]!.person_id, events[0]!.channel, props.resolution, props.source], [`service-task-closed-${task.id}`, task.personId, 'support', 'Card re-tried; order paid', 'failed_payment']);
  assert.equal((await list()).total, 4, 'the closed task leaves the open list');
  assert.equal((await list('?status=closed')).tasks[0]!.id, task.id);

  const audit = (await listAudit(state, auditQuerySchema.parse({ action: 'task.' }))).entries;
  assert.deepEqual(audit.map((e) => [e.action, e.target, e.actor.startsWith('key:')]), [['task.close', `task:${task.id}`, true], ['task.update', `task:${task.id}`, true]]);
  assert.doesNotMatch(JSON.stringify(audit), /Card re-tried/, 'the resolution text stays out of the audit log');
  assert.equal((await listAudit(state, auditQuerySchema.parse({ action: 'service.scan' }))).entries.length, 2);
});
