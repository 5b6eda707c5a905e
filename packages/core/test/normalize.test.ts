import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correctTimestamp, normalizeMessage, MAX_EVENT_BYTES } from '../src/index.js';

const at = Date.parse('2026-05-01T12:00:00.000Z');
const norm = (m: unknown, extra: object = {}) => normalizeMessage(m, { receivedAt: at, source: 'test', ...extra });

test('clock skew: timestamp = receivedAt - (sentAt - originalTimestamp)', () => {
  // Device clock 1 h fast: event 10 s before the send, both read on the wrong clock.
  const ts = correctTimestamp(at, '2026-05-01T12:59:50.000Z', '2026-05-01T13:00:00.000Z');
  assert.equal(new Date(ts).toISOString(), '2026-05-01T11:59:50.000Z');
  assert.equal(correctTimestamp(at, '2026-04-01T00:00:00Z', undefined), Date.parse('2026-04-01T00:00:00Z'));
  assert.equal(correctTimestamp(at, undefined, undefined), at);
});

test('a valid track becomes a stored event with the corrected time and the client time kept', () => {
  const r = norm({ type: 'track', event: 'Order Completed', userId: 42, messageId: 'm1', timestamp: '2026-05-01T12:59:50Z', sentAt: '2026-05-01T13:00:00Z', properties: { revenue: 9.5 } });
  assert.ok(r.ok);
  assert.equal(r.value.userId, '42');
  assert.equal(r.value.timestamp, '2026-05-01T11:59:50.000Z');
  assert.equal(r.value.originalTimestamp, '2026-05-01T12:59:50.000Z');
  assert.equal(r.value.receivedAt, '2026-05-01T12:00:00.000Z');
  assert.deepEqual(JSON.parse(r.value.properties), { revenue: 9.5 });
});

test('batch-level sentAt applies when the message has none', () => {
  const r = norm({ type: 'page', anonymousId: 'a', timestamp: '2026-05-01T12:59:00Z' }, { batchSentAt: '2026-05-01T13:00:00Z' });
  assert.ok(r.ok);
  assert.equal(r.value.timestamp, '2026-05-01T11:59:00.000Z');
});

test('errors name the field, prefixed by the record label', () => {
  const r = norm({ type: 'track', event: 'X', userId: 'u', properties: [1, 2] }, { label: 'batch[3]' });
  assert.ok(!r.ok);
  assert.equal(r.error[0]!.field, 'batch[3].properties');
  assert.match(r.error[0]!.message, /^batch\[3\]\.properties: /);

  const t = norm({ type: 'track', event: 'X', userId: 'u', timestamp: 'yesterday' });
  assert.ok(!t.ok);
  assert.equal(t.error[0]!.field, 'timestamp');
  assert.match(t.error[0]!.message, /ISO-8601/);

  const e = norm({ type: 'track', userId: 'u' });
  assert.ok(!e.ok);
  assert.equal(e.error[0]!.field, 'event');
});

test('no_user_anon_id when neither id is given; alias needs previousId', () => {
  const r = norm({ type: 'track', event: 'X' });
  assert.ok(!r.ok);
  assert.equal(r.error[0]!.code, 'no_user_anon_id');
  const a = norm({ type: 'alias', userId: 'u' });
  assert.ok(!a.ok);
  assert.equal(a.error[0]!.field, 'previousId');
});

test('unknown type is invalid_type; oversized event is event_too_large', () => {
  const r = norm({ type: 'click', userId: 'u' });
  assert.ok(!r.ok);
  assert.equal(r.error[0]!.code, 'invalid_type');
  const big = norm({ type: 'track', event: 'X', userId: 'u', properties: { blob: 'x'.repeat(MAX_EVENT_BYTES) } });
  assert.ok(!big.ok);
  assert.equal(big.error[0]!.code, 'event_too_large');
});

test('a message without messageId gets a deterministic content id', () => {
  const m = { type: 'track', event: 'X', userId: 'u', timestamp: '2026-05-01T00:00:00Z' };
  const a = norm(m);
  const b = norm({ ...m });
  assert.ok(a.ok && b.ok);
  assert.equal(a.value.messageId, b.value.messageId);
  assert.match(a.value.messageId, /^h-[0-9a-f]{32}$/);
});

test('alias needs a non-empty userId', () => {
  const r = norm({ type: 'alias', userId: '', previousId: 'old' });
  assert.ok(!r.ok);
  assert.equal(r.error[0]!.field, 'userId');
});
