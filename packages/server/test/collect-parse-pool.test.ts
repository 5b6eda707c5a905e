import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InlineParser, ParsePool } from '../src/collect/parse-pool.js';

/**
 * The collection parse pool must answer exactly what parsing on the request thread answers:
 * same log lines, same quarantine, same errors, same 4xx; whatever the body. Real threads.
 */
const pool = new ParsePool(2);
const inline = new InlineParser();
after(() => pool.close());

const message = fc.record({
  type: fc.constantFrom('track', 'identify', 'page', 'alias', 'bogus'),
  event: fc.oneof(fc.constantFrom('Order Completed', '订单 😀'), fc.string({ maxLength: 8 })),
  userId: fc.oneof(fc.constantFrom('u1', 'u2'), fc.integer(), fc.constant(null)),
  anonymousId: fc.option(fc.constantFrom('a1', 'a2'), { nil: undefined }),
  timestamp: fc.oneof(fc.constant('2026-05-01T12:00:00.000Z'), fc.constantFrom('9999-12-31T23:59:59-14:00', '2024-02-30', 'yesterday')),
  properties: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  messageId: fc.uuid(),
});
const body = fc.oneof(
  { weight: 6, arbitrary: fc.record({ batch: fc.array(message, { maxLength: 6 }), writeKey: fc.option(fc.string(), { nil: undefined }) }).map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }, // mostly not JSON
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) }, // JSON of the wrong shape
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '{"batch":"x"}', '{"batch":[],"sentAt":"nope"}', '[]', '"\\ud800"') },
);

test('a pool of threads parses every body exactly as the request thread does', async () => {
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom('batch' as const, 'track' as const), async (text, endpoint) => {
      const buf = Buffer.from(text, 'utf8');
      const [a, b] = await Promise.all([pool.parse(buf, endpoint, 1_767_225_600_000), inline.parse(buf, endpoint, 1_767_225_600_000)]);
      assert.deepEqual(a, b);
    }),
    { numRuns: 300 },
  );
});

test('many requests in flight on two threads each get their own answer', async () => {
  const texts = Array.from({ length: 200 }, (_, i) => JSON.stringify({ userId: `u${i}`, event: `E${i}`, messageId: `m${i}` }));
  const answers = await Promise.all(texts.map((t) => pool.parse(Buffer.from(t), 'track', 0)));
  answers.forEach((a, i) => {
    assert.ok(a.ok);
    assert.equal(a.eventTails.length, 1);
    assert.match(a.eventTails[0]!, new RegExp(`"messageId":"m${i}".*"event":"E${i}"`));
  });
});

test('a body given as a view into a larger buffer is read from its own bytes only', async () => {
  const big = Buffer.from('xxxx{"userId":"u1","event":"Viewed"}yyyy');
  const view = big.subarray(4, big.length - 4);
  const a = await pool.parse(view, 'track', 0);
  assert.ok(a.ok, JSON.stringify(a));
  assert.equal(a.eventTails.length, 1);
});

test('a closed pool refuses new work with an error instead of hanging', async () => {
  const p = new ParsePool(1);
  await p.parse(Buffer.from('{"userId":"u","event":"E"}'), 'track', 0);
  await p.close();
  await assert.rejects(p.parse(Buffer.from('{}'), 'track', 0), /closed/);
});
