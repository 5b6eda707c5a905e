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

test('timestamps outside 1900–2199 are invalid_timestamp, naming the field, whether sent or produced by clock-skew correction', () => {
  const far = norm({ type: 'track', event: 'X', userId: 'u', timestamp: '9999-12-31T23:59:59-14:00' });
  assert.ok(!far.ok);
  assert.deepEqual([far.error[0]!.code, far.error[0]!.field], ['invalid_timestamp', 'timestamp']);
  assert.match(far.error[0]!.message, /1900-01-01 to 2199-12-31/);
  const early = norm({ type: 'track', event: 'X', userId: 'u', originalTimestamp: '1899-12-31T23:59:59Z' }, { label: 'batch[1]' });
  assert.ok(!early.ok);
  assert.deepEqual([early.error[0]!.code, early.error[0]!.field], ['invalid_timestamp', 'batch[1].originalTimestamp']);
  // Each value alone is in range; the correction receivedAt − (sentAt − originalTimestamp) is not.
  const skew = norm({ type: 'track', event: 'X', userId: 'u', originalTimestamp: '2199-01-01T00:00:00Z', sentAt: '1900-01-01T00:00:00Z' });
  assert.ok(!skew.ok);
  assert.deepEqual([skew.error[0]!.code, skew.error[0]!.field], ['invalid_timestamp', 'timestamp']);
  assert.match(skew.error[0]!.message, /clock-skew correction .* gives year 2325/);
  const sent9999 = norm({ type: 'track', event: 'X', userId: 'u', originalTimestamp: '9999-01-01T00:00:00Z', sentAt: '0001-01-01T00:00:00Z' });
  assert.ok(!sent9999.ok);
  assert.equal(sent9999.error[0]!.code, 'invalid_timestamp');
  const batchSent = norm({ type: 'track', event: 'X', userId: 'u' }, { batchSentAt: '2300-01-01T00:00:00Z', label: 'batch[0]' });
  assert.ok(!batchSent.ok);
  assert.equal(batchSent.error[0]!.field, 'sentAt');
  // The edges: 1900-01-01T00:00Z is in, 2200-01-01T00:00Z is out.
  assert.ok(norm({ type: 'track', event: 'X', userId: 'u', timestamp: '1900-01-01T00:00:00Z' }).ok);
  assert.ok(norm({ type: 'track', event: 'X', userId: 'u', timestamp: '2199-12-31T23:59:59.999Z' }).ok);
  assert.ok(!norm({ type: 'track', event: 'X', userId: 'u', timestamp: '2200-01-01T00:00:00Z' }).ok);
});

test('a date that is not on the calendar (2024-02-30) is refused instead of rolling over to March', () => {
  for (const bad of ['2024-02-30', '2023-02-29T10:00:00Z', '2024-04-31', '2024-13-01', '2024-00-10']) {
    const r = norm({ type: 'track', event: 'X', userId: 'u', timestamp: bad });
    assert.ok(!r.ok, bad);
    assert.equal(r.error[0]!.field, 'timestamp');
  }
  assert.ok(norm({ type: 'track', event: 'X', userId: 'u', timestamp: '2024-02-29' }).ok);
  assert.ok(norm({ type: 'track', event: 'X', userId: 'u', timestamp: '2000-02-29T00:00:00Z' }).ok);
  assert.ok(!norm({ type: 'track', event: 'X', userId: 'u', timestamp: '1900-02-29T00:00:00Z' }).ok);
});

test('text with an unpaired UTF-16 surrogate is invalid_unicode naming the field; paired ones and escaped backslashes pass', () => {
  const ev = norm(JSON.parse('{"type":"track","userId":"p1","event":"S\\ud800x"}'));
  assert.ok(!ev.ok);
  assert.deepEqual([ev.error[0]!.code, ev.error[0]!.field], ['invalid_unicode', 'event']);
  const nested = norm(JSON.parse('{"type":"track","userId":"p1","event":"E","properties":{"a":[1,{"b":"x\\udfffy"}]}}'), { label: 'batch[2]' });
  assert.ok(!nested.ok);
  assert.deepEqual([nested.error[0]!.code, nested.error[0]!.field], ['invalid_unicode', 'batch[2].properties.a[1].b']);
  const key = norm(JSON.parse('{"type":"identify","userId":"p1","traits":{"\\ud83d":1}}'));
  assert.ok(!key.ok);
  assert.equal(key.error[0]!.code, 'invalid_unicode');
  const id = norm(JSON.parse('{"type":"track","userId":"\\udc00","event":"E"}'));
  assert.ok(!id.ok);
  assert.equal(id.error[0]!.field, 'userId');
  const ok = norm(JSON.parse('{"type":"track","userId":"p1","event":"😀 \\\\ud800 literal","properties":{"s":"\\ud83d\\ude00"}}'));
  assert.ok(ok.ok);
  assert.equal(ok.value.event, '😀 \\ud800 literal');
});

test('nesting beyond 64 levels is too_deep naming the field, however deep (no stack overflow)', () => {
  const nest = (n: number) => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = { a: v };
    return v;
  };
  const ok = norm({ type: 'track', event: 'E', userId: 'u', properties: nest(63) });
  assert.ok(ok.ok);
  for (const n of [65, 10_000, 200_000]) {
    const r = norm({ type: 'track', event: 'E', userId: 'u', context: nest(n) }, { label: 'batch[0]' });
    assert.ok(!r.ok, String(n));
    assert.deepEqual([r.error[0]!.code, r.error[0]!.field], ['too_deep', 'batch[0].context']);
  }
  // Brackets inside strings do not count.
  assert.ok(norm({ type: 'track', event: 'E', userId: 'u', properties: { s: '['.repeat(500) } }).ok);
});
