import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { classifyValue, cnIdCheckChar, isCardNumber, isCnResidentId, isEmail, isIban, isIPv4, isIPv6, isPhoneNumber, luhnValid, scanRecord } from '../src/privacy/pii/index.js';

/** Append the Luhn check digit to `body`. */
function withLuhn(body: string): string {
  for (let d = 0; d < 10; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

test('emails: addresses yes; near misses no', () => {
  for (const s of ['jane.doe@example.com', 'a+tag@sub.example.co.uk', ' li.wei@163.com ', 'x_y@qq.com']) assert.ok(isEmail(s), s);
  for (const s of ['@example.com', 'jane@', 'jane@localhost', 'jane@@example.com', 'jane..doe@example.com', 'user@exa_mple.com', 'v1.2@3', '2024-05-01@10:00']) assert.ok(!isEmail(s), s);
});

test('phones: international, North American with separators, Chinese mobile; not prices, dates, epochs', () => {
  for (const s of ['+1 (415) 555-2671', '+44 20 7946 0958', '+86 138 1234 5678', '+8613812345678', '0086-138-1234-5678', '13812345678', '138-1234-5678', '(415) 555-2671', '415-555-2671', '+49 30 901820']) {
    assert.ok(isPhoneNumber(s), s);
  }
  for (const s of ['12812345678', '1381234567', '2024-05-01', '1733312345', '1733312345678', '+12.50', '+3', '12:30:45', '+1234.5678', '415-555-26710', '011-555-2671', 'ORD-415-555-2671']) {
    assert.ok(!isPhoneNumber(s), s);
  }
});

test('cards: known networks with a valid Luhn digit, grouped or not; not other digit runs', () => {
  for (const s of ['4111 1111 1111 1111', '4111-1111-1111-1111', '5555555555554444', '378282246310005', '6011111111111117', '3530111333300000', '6212345678901265', '2223003122003222']) {
    assert.ok(isCardNumber(s), s);
  }
  for (const s of ['4111 1111 1111 1112', '1733312345678', '0000000000000000', '4111 1111-1111 1111', '12345678901234567890', '9111111111111111', '411111111111']) {
    assert.ok(!isCardNumber(s), s);
  }
});

test('Chinese resident ID: check character, birth date and province', () => {
  const body = '11010519491231002';
  assert.equal(cnIdCheckChar(body), 'X');
  assert.ok(isCnResidentId(body + 'X'));
  assert.ok(isCnResidentId(body + 'x'));
  assert.ok(!isCnResidentId(body + '1'), 'wrong check');
  const badDate = '11010519491331002';
  assert.ok(!isCnResidentId(badDate + cnIdCheckChar(badDate)), 'month 13');
  const badProvince = '99010519491231002';
  assert.ok(!isCnResidentId(badProvince + cnIdCheckChar(badProvince)), 'province 99');
  const future = '11010521991231002';
  assert.ok(!isCnResidentId(future + cnIdCheckChar(future), new Date('2026-01-01')), 'born in the future');
});

test('IBAN: country length and mod 97', () => {
  for (const s of ['GB82 WEST 1234 5698 7654 32', 'DE89370400440532013000', 'fr1420041010050500013m02606', 'NL91ABNA0417164300']) assert.ok(isIban(s), s);
  for (const s of ['GB82 WEST 1234 5698 7654 33', 'DE8937040044053201300', 'XX89370400440532013000', 'SKU-DE89-3704']) assert.ok(!isIban(s), s);
});

test('IP addresses: v4 ranges, v6 forms; not versions under a version key, not times or MACs', () => {
  for (const s of ['192.168.1.1', '8.8.8.8', '255.255.255.255']) assert.ok(isIPv4(s), s);
  for (const s of ['256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5']) assert.ok(!isIPv4(s), s);
  for (const s of ['2001:db8::1', '::1', 'fe80::1%eth0', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::ffff:192.0.2.128']) assert.ok(isIPv6(s), s);
  for (const s of ['12:30:45', '00:1A:2B:3C:4D:5E', '2001:db8::1::2', 'gggg::1', ':::']) assert.ok(!isIPv6(s), s);
  assert.deepEqual(classifyValue('1.2.3.4', 'context.app.version'), []);
  assert.deepEqual(classifyValue('1.2.3.4', 'context.ip'), ['ip']);
});

test('names only under name keys of traits', () => {
  assert.deepEqual(classifyValue('Jane Doe', 'traits.name'), ['name']);
  assert.deepEqual(classifyValue('张伟', 'traits.姓名'), ['name']);
  assert.deepEqual(classifyValue('O’Brien', 'context.traits.last_name'), ['name']);
  assert.deepEqual(classifyValue('Jane Doe', 'properties.name'), [], 'a product or page name');
  assert.deepEqual(classifyValue('Jane Doe', 'traits.plan'), []);
  assert.deepEqual(classifyValue('user1234', 'traits.name'), [], 'digits are not a name');
});

test('hard negatives: order numbers, timestamps, UUIDs, prices, versions, SKUs', () => {
  const values: unknown[] = [
    'ORD-20240501-0001', '2024050112345678', '1733312345678', 1733312345678, '2024-05-01T12:00:00.000Z', '2024-05-01', '550e8400-e29b-41d4-a716-446655440000',
    '19.99', 129.5, '¥1,299.00', '1.2.3', 'v2.10.4', 'SKU-AB-12345', 'A1B2C3D4E5', '12345678901234567890', '000000', true, null,
  ];
  for (const v of values) assert.deepEqual(classifyValue(v, 'properties.x'), [], String(v));
});

test('scanRecord walks nested properties, traits and context, arrays as []', () => {
  const hits = scanRecord({
    properties: { order: 'ORD-1', billing: { card: '4111 1111 1111 1111' }, items: [{ email: 'a@example.com' }, { email: 'b@example.com' }] },
    traits: { email: 'jane@example.com', firstName: 'Jane', plan: 'pro' },
    context: { ip: '203.0.113.9', app: { version: '1.2.3.4' } },
  });
  assert.deepEqual(hits, [
    { path: 'properties.billing.card', kinds: ['card'] },
    { path: 'properties.items[].email', kinds: ['email'] },
    { path: 'properties.items[].email', kinds: ['email'] },
    { path: 'traits.email', kinds: ['email'] },
    { path: 'traits.firstName', kinds: ['name'] },
    { path: 'context.ip', kinds: ['ip'] },
  ]);
});

const digitString = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((a) => a.join(''));

test('property: every Luhn-valid number with a Visa or Mastercard prefix is a card, in any grouping', () => {
  fc.assert(
    fc.property(fc.constantFrom('4', '51', '55', '2221'), digitString(14, 14), fc.constantFrom('', ' ', '-'), (prefix, rest, sep) => {
      const card = withLuhn((prefix + rest).slice(0, 15));
      const grouped = card.match(/.{1,4}/g)!.join(sep);
      assert.ok(isCardNumber(grouped), grouped);
      assert.deepEqual(classifyValue(grouped, 'properties.card'), ['card']);
    }),
  );
});

test('property: a single-digit change of a valid card is never a card (Luhn catches every single error)', () => {
  fc.assert(
    fc.property(digitString(14, 14), fc.nat(15), fc.integer({ min: 1, max: 9 }), (rest, at, delta) => {
      const card = withLuhn('4' + rest);
      if (at === 0) return; // the prefix digit changes the network, not only the check
      const d = (Number(card[at]) + delta) % 10;
      const mutated = card.slice(0, at) + d + card.slice(at + 1);
      assert.ok(!isCardNumber(mutated), mutated);
    }),
  );
});

test('property: a valid resident ID is detected; a single-digit change never is (MOD 11-2)', () => {
  let detected = 0;
  let runs = 0;
  fc.assert(
    fc.property(fc.constantFrom('110105', '310104', '440305', '510107'), fc.date({ min: new Date('1930-01-01'), max: new Date('2015-12-31'), noInvalidDate: true }), digitString(3, 3), fc.nat(16), fc.integer({ min: 1, max: 9 }), (region, birth, seq, at, delta) => {
      const body = region + birth.toISOString().slice(0, 10).replace(/-/g, '') + seq;
      const id = body + cnIdCheckChar(body);
      assert.ok(isCnResidentId(id), id);
      assert.deepEqual(classifyValue(id), ['cn_id']);
      const mutated = id.slice(0, at) + ((Number(id[at]) + delta) % 10) + id.slice(at + 1);
      runs++;
      if (isCnResidentId(mutated)) detected++;
    }),
  );
  // MOD 11-2 detects every single-digit substitution.
  assert.equal(detected, 0, `${detected} of ${runs} mutated IDs passed`);
});

test('property: random digit strings of card lengths pass as cards about as often as Luhn and the prefixes allow, never more than 15%', () => {
  let hits = 0;
  const n = 2000;
  fc.assert(
    fc.property(digitString(13, 19), (s) => {
      if (isCardNumber(s)) hits++;
    }),
    { numRuns: n, seed: 42 },
  );
  assert.ok(hits / n < 0.15, `${hits} of ${n}`);
});

test('property: any JSON value classifies without throwing, and scanRecord is total', () => {
  fc.assert(
    fc.property(fc.jsonValue(), fc.string(), (v, key) => {
      const kinds = classifyValue(v, key);
      assert.ok(Array.isArray(kinds));
      scanRecord({ properties: v, traits: { [key]: v }, context: v });
    }),
  );
});
