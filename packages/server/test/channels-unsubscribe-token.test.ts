import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createUnsubscribeToken, unsubscribeSecretFromSalt, unsubscribeUrl, verifyUnsubscribeToken, type UnsubscribeClaims } from '../src/channels/unsubscribe-token.js';

// Unsubscribe tokens: what one secret signs verifies to the same claims and is URL-safe; any
// edit of a token (a character changed, cut short, extended) or another secret never verifies.

const secret = unsubscribeSecretFromSalt(Buffer.alloc(32, 7));
const claims = fc.record({
  personId: fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }).filter((s) => !s.includes('\n')),
  channel: fc.constantFrom('email', 'sms', 'push', 'inapp', 'webhook') as fc.Arbitrary<UnsubscribeClaims['channel']>,
  messageId: fc.string({ minLength: 1, maxLength: 120 }).filter((s) => !s.includes('\n')),
});
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/%';

test('a token verifies to its claims and is URL-safe', () => {
  fc.assert(
    fc.property(claims, (c) => {
      const token = createUnsubscribeToken(secret, c);
      assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      assert.deepEqual(verifyUnsubscribeToken(secret, token), { ...c });
    }),
    { numRuns: 300 },
  );
  assert.equal(unsubscribeUrl('https://shop.example/', 'a.b'), 'https://shop.example/v1/unsubscribe/a.b');
});

test('a tampered token never verifies: one character changed, cut short, extended, or checked with another secret', () => {
  fc.assert(
    fc.property(claims, fc.nat(), fc.constantFrom(...ALPHABET), (c, at, ch) => {
      const token = createUnsubscribeToken(secret, c);
      const i = at % token.length;
      fc.pre(token[i] !== ch);
      assert.equal(verifyUnsubscribeToken(secret, token.slice(0, i) + ch + token.slice(i + 1)), null);
    }),
    { numRuns: 1000 },
  );
  fc.assert(
    fc.property(claims, fc.nat(), fc.string({ minLength: 1, maxLength: 5 }), (c, at, extra) => {
      const token = createUnsubscribeToken(secret, c);
      assert.equal(verifyUnsubscribeToken(secret, token.slice(0, at % token.length)), null);
      assert.equal(verifyUnsubscribeToken(secret, token + extra), null);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(claims, fc.uint8Array({ minLength: 32, maxLength: 32 }), (c, salt) => {
      const other = unsubscribeSecretFromSalt(Buffer.from(salt));
      fc.pre(!other.equals(secret));
      assert.equal(verifyUnsubscribeToken(other, createUnsubscribeToken(secret, c)), null);
    }),
    { numRuns: 200 },
  );
});

test('a token for another person cannot be made by swapping payloads: each payload has its own signature', () => {
  const a = createUnsubscribeToken(secret, { personId: 'p_a', channel: 'email', messageId: 'm1' });
  const b = createUnsubscribeToken(secret, { personId: 'p_b', channel: 'email', messageId: 'm1' });
  const swapped = `${b.split('.')[0]}.${a.split('.')[1]}`;
  assert.equal(verifyUnsubscribeToken(secret, swapped), null);
  assert.equal(verifyUnsubscribeToken(secret, ''), null);
  assert.equal(verifyUnsubscribeToken(secret, 'no-dot'), null);
  assert.throws(() => createUnsubscribeToken(secret, { personId: 'p\nq', channel: 'email', messageId: 'm' }), /line break/);
  // Short enough for an SMS: a typical person id and message id give under 100 characters.
  assert.ok(createUnsubscribeToken(secret, { personId: 'p_6daf61bb15aa1c6ea285', channel: 'email', messageId: 'run_1:email:1' }).length < 100);
});
