import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { contentMessageId } from '@trailmap/core';
import { basic, get, KEYS, startTestServer } from './support/test-server.js';

/**
 * Differential fuzz of collection: random and adversarial messages over real HTTP. Whatever is
 * sent, the server answers 200 or a 4xx whose every error names a field; every message it
 * acknowledges loads into the warehouse (a flush succeeds) with its event name unchanged; it
 * keeps answering /health. This is what a segment that could not be loaded broke before.
 */
let srv: Awaited<ReturnType<typeof startTestServer>>;
before(async () => (srv = await startTestServer()));
after(async () => srv.close());

const utf16 = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 12 }).map((units) => String.fromCharCode(...units));
const oddText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  utf16, // includes lone surrogates, NUL and other control characters
  fc.constantFrom('', ' ', '\u0000', '\ud800', '\udfff', 'a\ud83d', '😀', '订单', '\r\n', "x'); DROP TABLE events; --", '\\ud800', '"', '\u2028'),
);
const extremeDate = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.date({ min: new Date('1899-12-31T00:00:00Z'), max: new Date('2200-01-02T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('9999-12-31T23:59:59-14:00', '0001-01-01T00:00:00Z', '0000-01-01', '2024-02-30', '2023-02-29T00:00:00Z', '2024-02-29', '1900-01-01T00:00:00Z', '2199-12-31T23:59:59.999Z', '2200-01-01T00:00:00Z', '2024-01-01T24:00:00Z', '2024-06-01T12:00:00+14:00', 'yesterday', ''),
);
const hugeNumber = fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 5e-324, 123456789012345678901234567890, Number.MAX_SAFE_INTEGER);
const deep = fc.integer({ min: 1, max: 400 }).map((n) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { k: v };
  return v;
});
const jsonish = fc.oneof(fc.jsonValue({ maxDepth: 3 }), deep, hugeNumber, oddText);
const id = fc.oneof(oddText, hugeNumber, fc.constant(null), fc.uuid());

/** Mostly the plain value, now and then a hostile one. */
const sometimes = <T, U>(plain: fc.Arbitrary<T>, hostile: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 12, arbitrary: plain }, { weight: 1, arbitrary: hostile });
const absent = fc.constant(undefined);

/** A plausible message with now and then a field made hostile. */
const message = fc
  .record({
    type: sometimes(fc.constantFrom('track', 'track', 'identify', 'page', 'screen', 'group', 'alias'), oddText),
    event: sometimes(fc.constantFrom('Order Completed', 'Product Viewed', '订单 😀'), oddText),
    name: sometimes(fc.constantFrom('Home', 'Cart'), oddText),
    userId: sometimes(fc.constantFrom('u1', 'u2', 42), id),
    anonymousId: sometimes(fc.constantFrom('a1', 'a2'), id),
    previousId: sometimes(fc.constant('a1'), id),
    groupId: sometimes(fc.constant('g1'), id),
    timestamp: sometimes(fc.oneof(absent, fc.constant('2026-05-01T12:00:00.000Z')), extremeDate),
    originalTimestamp: sometimes(absent, extremeDate),
    sentAt: sometimes(absent, extremeDate),
    properties: sometimes(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), fc.oneof(fc.dictionary(oddText, jsonish, { maxKeys: 4 }), jsonish)),
    traits: sometimes(fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }), fc.dictionary(oddText, jsonish, { maxKeys: 3 })),
    context: sometimes(fc.record({ ip: fc.ipV4(), locale: fc.constantFrom('en-US', 'zh-CN') }), fc.oneof(deep, fc.dictionary(oddText, jsonish, { maxKeys: 3 }))),
  })
  .map((m) => Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)));

interface Answer {
  success?: boolean;
  accepted?: number;
  quarantined?: number;
  received?: number;
  errors?: Array<{ index: number | null; code: string; field: string | null; message: string }>;
  error?: { code: string; message: string; field?: string };
}

test('fuzz: every answer is 200 or a 4xx naming the field; everything acknowledged loads unchanged; the server keeps answering', async () => {
  let run = 0;
  let acknowledged = 0;
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 12 }), async (batch) => {
      run++;
      // Unique ids per run so deduplication does not hide a message; some are left to the content hash.
      const sent = batch.map((m, i) => (i % 3 === 2 ? m : { ...m, messageId: `fz-${run}-${i}` }));
      const text = JSON.stringify({ batch: sent });
      const res = await fetch(srv.url + '/v1/batch', { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(KEYS.writeKey) }, body: text });
      assert.ok(res.status === 200 || (res.status >= 400 && res.status < 500), `status ${res.status} for ${text.slice(0, 300)}`);
      const body = (await res.json()) as Answer;
      if (res.status === 200) {
        assert.equal(body.accepted, sent.length);
      } else if (body.errors) {
        assert.equal(body.accepted! + body.quarantined!, body.received);
        for (const e of body.errors) {
          assert.ok(e.field, `an error without a field: ${JSON.stringify(e)}`);
          assert.match(e.field, /^batch\[\d+\]/);
          assert.ok(e.message.length > 0);
        }
      } else {
        assert.ok(body.error?.code, 'a request-level 4xx carries a code');
      }
      const bad = new Set((body.errors ?? []).map((e) => e.index));
      const kept = res.status === 200 || body.errors ? sent.filter((_, i) => !bad.has(i)) : [];
      acknowledged += kept.length;
      rejected += sent.length - kept.length;
      // Everything acknowledged must load (this threw before: the segment poisoned the store).
      await srv.store.flush();
      for (const m of kept) {
        const mid = (m as { messageId?: unknown }).messageId;
        const messageId = mid === undefined ? contentMessageId(m) : String(mid);
        const rows = await srv.store.db.query<{ event: string | null }>(`SELECT event FROM events WHERE message_id = ${srv.store.db.dialect.param(0, messageId)}`, [messageId]);
        assert.equal(rows.length, 1, `acknowledged ${messageId} is not stored once`);
        if ((m as { type?: string }).type === 'track') assert.equal(rows[0]!.event, (m as { event: string }).event, 'the event name is stored as sent');
      }
      assert.equal((await get(srv.url, '/health', null)).status, 200);
    }),
    { numRuns: 120, seed: 20261202 },
  );
  // The generator must exercise both sides, or the property proves little.
  assert.ok(acknowledged > 50, `only ${acknowledged} messages were acknowledged`);
  assert.ok(rejected > 50, `only ${rejected} messages were rejected`);
});
