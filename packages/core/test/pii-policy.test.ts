import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { applyPiiPolicy, DEFAULT_PII_POLICY, maskValue, piiPolicySchema, scanRecord } from '../src/privacy/pii/index.js';

const salt = Buffer.alloc(32, 7);
const hmac = (s: string) => 'h:' + createHmac('sha256', salt).update(s).digest('hex');

test('masks keep a recognisable shape', () => {
  assert.equal(maskValue('jane.doe@example.com', 'email'), 'j***@example.com');
  assert.equal(maskValue('4111 1111 1111 1111', 'card'), '**** **** **** 1111');
  assert.equal(maskValue('+86 138-1234-5678', 'phone'), '+** ***-****-5678');
  assert.equal(maskValue('11010519491231002X', 'cn_id'), '1101**********002X');
  assert.equal(maskValue('GB82 WEST 1234 5698 7654 32', 'iban'), 'GB82**************5432');
  assert.equal(maskValue('203.0.113.9', 'ip'), '203.0.113.*');
  assert.equal(maskValue('2001:db8:85a3::1', 'ip'), '2001:db8:85a3:*');
  assert.equal(maskValue('Jane Doe', 'name'), 'J*** D**');
  assert.equal(maskValue('张伟', 'name'), '张*');
});

test('the default policy masks cards and resident IDs and keeps the rest, reporting each flagged value', () => {
  const msg = { type: 'identify', traits: { email: 'jane@example.com', 身份证号: '11010519491231002X' }, properties: { card: '4111111111111111', order: 'ORD-1' }, context: { ip: '203.0.113.9' } };
  const { message, applied } = applyPiiPolicy(msg, DEFAULT_PII_POLICY, salt);
  assert.deepEqual(message, { type: 'identify', traits: { email: 'jane@example.com', 身份证号: '1101**********002X' }, properties: { card: '************1111', order: 'ORD-1' }, context: { ip: '203.0.113.9' } });
  assert.deepEqual(applied, [
    { path: 'properties.card', kind: 'card', action: 'mask' },
    { path: 'traits.email', kind: 'email', action: 'keep' },
    { path: 'traits.身份证号', kind: 'cn_id', action: 'mask' },
    { path: 'context.ip', kind: 'ip', action: 'keep' },
  ]);
  assert.equal(msg.properties.card, '4111111111111111', 'the input is not changed');
});

test('path rules, kind rules and kind defaults: first that applies wins; hash is the salted HMAC; drop removes the key', () => {
  const policy = piiPolicySchema.parse({
    rules: [
      { path: 'traits.email', action: 'hash' },
      { path: 'properties.items[].email', action: 'drop' },
      { path: 'properties.note', action: 'mask' },
      { kind: 'phone', action: 'drop' },
      { path: 'traits.address', action: 'drop' },
    ],
    defaults: { ip: 'mask', card: 'hash' },
  });
  const { message, applied } = applyPiiPolicy(
    {
      traits: { email: ' Jane@Example.com', phone: '+44 20 7946 0958', address: { city: 'London' }, name: 'Jane' },
      properties: { items: [{ email: 'a@example.com', sku: 'S1' }], note: 'call me', card: '4111 1111 1111 1111' },
      context: { ip: '203.0.113.9' },
    },
    policy,
    salt,
  );
  assert.deepEqual(message, {
    traits: { email: hmac('jane@example.com'), name: 'Jane' },
    properties: { items: [{ sku: 'S1' }], note: 'c******', card: hmac('4111 1111 1111 1111') },
    context: { ip: '203.0.113.*' },
  });
  assert.deepEqual(applied, [
    { path: 'properties.items[].email', kind: 'email', action: 'drop' },
    { path: 'properties.note', kind: null, action: 'mask' },
    { path: 'properties.card', kind: 'card', action: 'hash' },
    { path: 'traits.email', kind: 'email', action: 'hash' },
    { path: 'traits.phone', kind: 'phone', action: 'drop' },
    { path: 'traits.address', kind: null, action: 'drop' },
    { path: 'traits.name', kind: 'name', action: 'keep' },
    { path: 'context.ip', kind: 'ip', action: 'mask' },
  ]);
});

test('applying twice changes nothing more: masked values are not flagged, hashed values not hashed again', () => {
  const policy = piiPolicySchema.parse({ rules: [{ path: 'traits.email', action: 'hash' }] });
  const once = applyPiiPolicy({ traits: { email: 'jane@example.com' }, properties: { card: '5555555555554444' } }, policy, salt).message;
  const twice = applyPiiPolicy(once, policy, salt).message;
  assert.deepEqual(twice, once);
});

test('the schema names the bad field', () => {
  const r = piiPolicySchema.safeParse({ rules: [{ path: 'email', action: 'hash' }, { action: 'drop' }, { kind: 'ssn', action: 'mask' }] });
  assert.ok(!r.success);
  const paths = r.error.issues.map((i) => i.path.join('.'));
  assert.deepEqual(paths, ['rules.0.path', 'rules.1', 'rules.2.kind']);
});

test('property: after the default policy no card or resident ID is left in clear anywhere in the message', () => {
  const card = fc.constantFrom('4111111111111111', '5555 5555 5555 4444', '378282246310005', '11010519491231002X');
  const leaf = fc.oneof(card, fc.string(), fc.integer(), fc.constant(null));
  const tree = fc.letrec((tie) => ({ node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 3 })) })).node;
  fc.assert(
    fc.property(fc.dictionary(fc.string({ maxLength: 5 }), tree, { maxKeys: 4 }), (properties) => {
      const { message } = applyPiiPolicy({ properties }, DEFAULT_PII_POLICY, salt);
      for (const hit of scanRecord(message)) assert.ok(!hit.kinds.includes('card') && !hit.kinds.includes('cn_id'), hit.path);
    }),
  );
});

test('maskPiiInText masks flagged values in messages and leaves the rest', async () => {
  const { maskPiiInText, maskPiiLeaves } = await import('../src/privacy/pii/index.js');
  assert.equal(maskPiiInText('timestamp: "jane@example.com" is not a date'), 'timestamp: "j***@example.com" is not a date');
  assert.equal(maskPiiInText(`Unexpected token 'x', "x 4111 1111 1111 1111" is not valid JSON`), `Unexpected token 'x', "x **** **** **** 1111" is not valid JSON`);
  assert.equal(maskPiiInText('type: expected one of track, identify, got "+86 138 1234 5678"'), 'type: expected one of track, identify, got "+** *** **** 5678"');
  assert.equal(maskPiiInText('GET /v1/people?q=jane@example.com&limit=5'), 'GET /v1/people?q=j***@example.com&limit=5');
  assert.equal(maskPiiInText('id 11010519491231002X from 203.0.113.9.'), 'id 1101**********002X from 203.0.113.*.');
  const plain = 'batch[2].timestamp: expected an ISO-8601 date string such as 2024-05-01T12:00:00.000Z (order ORD-2024-0001, 19.99, v1.2.3)';
  assert.equal(maskPiiInText(plain), plain);
  assert.deepEqual(maskPiiLeaves({ type: 'oops', traits: { email: 'a.b@example.com', name: 'Jane Doe' }, properties: { n: 1, note: 'card 4111111111111111' } }), {
    type: 'oops',
    traits: { email: 'a***@example.com', name: 'J*** D**' },
    properties: { n: 1, note: 'card ************1111' },
  });
});

test('property: maskPiiInText and maskPiiLeaves never throw, and masking twice is masking once', async () => {
  const { maskPiiInText, maskPiiLeaves } = await import('../src/privacy/pii/index.js');
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), fc.jsonValue(), (s, v) => {
      const once = maskPiiInText(s);
      assert.equal(maskPiiInText(once), once, 'masking is idempotent');
      maskPiiLeaves(v);
    }),
  );
});
