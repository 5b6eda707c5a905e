import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inTimestampRange, isCalendarDate, MAX_EVENT_BYTES, MAX_JSON_DEPTH, normalizeMessage } from '@trailmap/core';
import { importFile } from '../src/index.js';
import { events, quarantine, withStore } from './fixtures/import-helpers.js';

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rec = Record<string, unknown>;
const TS = ['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.123Z', '2024-05-01 10:00:00+02:00', '2024-05-01', '2024-02-29T10:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01 12:00:00+0130', '2024-05-01T12:00:00.123456789-05:00', '1900-01-01T00:00:00Z', '2199-12-31T23:59:59.999Z', '2000-02-29'];
const BAD_TS = ['yesterday', '2024-05-01T10:00:00+02', '2024-13-01', '2024-05-01T10:60:00Z', '05/01/2024', '', 1714557600, null, '2024-05-01T23:59:60Z'];
/** Outside the storable range 1900–2199, or no calendar day (2024-02-30 is not March 1). */
const EXTREME_TS = ['9999-12-31T23:59:59-14:00', '9999-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '1899-12-31T23:59:59.999Z', '1900-01-01T00:30:00+01:00', '2200-01-01T00:00:00Z', '2199-12-31T23:00:00-01:00', '+012025-01-01T00:00:00Z', '12025-01-01'];
const CALENDAR_TS = ['2024-02-30T10:00:00Z', '2023-02-29', '2024-04-31 10:00', '1900-02-29T00:00:00Z', '2024-00-10', '2024-06-00T10:00:00Z'];
/** Raw JSON put in place of a placeholder string after JSON.stringify: a number JavaScript cannot hold, an unpaired surrogate escape. */
const BIG_IDS = ['12345678901234567890', '-98765432109876543210', '9007199254740993', '123456789012345678901234567890'];
const LONE = ['\\ud800', '\\uDBFF', '\\udc00', '\\uDFFF'];
const rawJson = (text: string) => text.replace(/"@num:([-0-9]+)@"/g, '$1').replace(/@lone(\d)@/g, (_m, d: string) => LONE[Number(d)]!);
/** Nested objects and arrays `n` levels deep (the value itself is level 1). */
const nested = (n: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < n; i++) v = i % 3 === 1 ? [v, 1] : { k: v };
  return v;
};
const TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'];

/** A random Segment message, valid or broken in one or two ways normalizeMessage cares about. */
function randomRecord(r: () => number, i: number): Rec | string {
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const type = pick(TYPES);
  const m: Rec = { type, messageId: `d-${i}`, timestamp: pick(TS), properties: { i, tag: pick(['a', 'b', 'ü', 'x"y']) } };
  if (r() < 0.8) m.userId = r() < 0.2 ? 10_000 + i : `user-${i % 37}`;
  if (r() < 0.5) m.anonymousId = `anon-${i % 23}`;
  if (type === 'track') m.event = pick(['Order Completed', 'Product Viewed', 'Signed Up']);
  if (type === 'page' || type === 'screen') m.name = pick(['Home', 'Pricing', null]);
  if (type === 'group') m.groupId = `g-${i % 5}`;
  if (type === 'alias') {
    m.previousId = `anon-${i}`;
    m.userId = `user-${i}`;
  }
  if (type === 'identify' || type === 'group') m.traits = { plan: pick(['free', 'pro']) };
  if (r() < 0.3) m.context = { page: { path: '/p' }, campaign: { medium: 'cpc' } };
  if (r() < 0.15) m.sentAt = '2024-05-01T10:00:05Z';
  if (r() < 0.1) m.originalTimestamp = pick([...TS, ...BAD_TS]);
  let lone = false;
  const loneAt = () => {
    if (lone) return;
    lone = true;
    const mark = `@lone${Math.floor(r() * LONE.length)}@`;
    pick<() => void>([
      () => (m.properties = { ...(m.properties as Rec), note: `a${mark}b` }),
      () => (m.properties = { ...(m.properties as Rec), list: ['x', mark] }),
      () => (m.userId = `user${mark}`),
      () => (m.event = `Viewed ${mark}`),
      () => (m.context = { page: { title: mark } }),
      () => (m.unknownKey = mark),
      () => (m.properties = { ...(m.properties as Rec), [`k${mark}`]: 1 }),
    ])();
  };
  const breakers: Array<() => void> = [
    () => (m.type = pick(['Track', 'signup', 1, null, ''])),
    () => delete m.type,
    () => (delete m.userId, delete m.anonymousId),
    () => (m.userId = null),
    () => (m.userId = pick([true, {}, [], ''])),
    () => (m.anonymousId = 'x'.repeat(513)),
    () => (m.messageId = pick(['', null, { id: 1 }, 'm'.repeat(600)])),
    () => (m.messageId = 900_000 + i),
    () => (m.timestamp = pick(BAD_TS)),
    () => (m.sentAt = pick(BAD_TS)),
    () => (m.properties = pick([[1, 2], 'text', null, 5])),
    () => (m.context = pick([[], 'ctx', null])),
    () => (m.traits = pick([['x'], 'y', null])),
    () => (m.integrations = pick([[], 1, { All: true }])),
    () => (m.channel = pick([5, 'server'])),
    () => (m.writeKey = pick([true, 'wk'])),
    () => ((m.type = 'track'), (m.event = pick([undefined, '', 42, 'e'.repeat(513), '😀'.repeat(256), '😀'.repeat(257)]))),
    () => ((m.type = pick(['page', 'screen'])), (m.name = pick([7, 'n'.repeat(600), '😀'.repeat(256)]))),
    () => ((m.type = pick(['page', 'screen'])), (m.category = pick(['Docs', 3, null]))),
    () => ((m.type = 'group'), (m.groupId = pick([undefined, null, '', 77, 'g'.repeat(513)]))),
    () => ((m.type = 'alias'), (m.userId = pick(['u', undefined, ''])), (m.previousId = pick([undefined, null, '', 5]))),
    () => (m.properties = { blob: 'z'.repeat(MAX_EVENT_BYTES) }),
    () => (m.unknownKey = { deep: [1, null] }),
    () => delete m.timestamp,
    () => (m[pick(['timestamp', 'originalTimestamp', 'sentAt'])] = pick([...EXTREME_TS, ...CALENDAR_TS])),
    // Each in range, but clock-skew correction (receivedAt − (sentAt − originalTimestamp)) leaves it.
    () => ((m.originalTimestamp = pick(['9999-01-01T00:00:00Z', '2199-06-01T00:00:00Z'])), (m.sentAt = pick(['0000-01-01T00:00:00Z', '1900-06-01T00:00:00Z']))),
    () => (m.userId = `@num:${pick(BIG_IDS)}@`),
    () => (m.anonymousId = `@num:${pick(BIG_IDS)}@`),
    loneAt,
    () => (m[pick(['properties', 'context', 'traits', 'extra'])] = nested(pick([MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, MAX_JSON_DEPTH + 2, 300]))),
  ];
  const n = r() < 0.25 ? 0 : r() < 0.8 ? 1 : 2;
  for (let k = 0; k < n; k++) pick(breakers)();
  if (r() < 0.04) return pick(['{"type":"track",}', '{oops', 'null', '"just a string"', '[{"type":"track"}]', '{"type":"track","userId":"u","event":"e","timestamp":"2024-05-01","v":NaN}']);
  return m;
}

interface Expected {
  code: string | null;
  field: string | null;
  message?: string;
}

/** What the HTTP path decides for one JSON line (JSON.parse, then normalizeMessage). */
function httpDecision(text: string): Expected & { event?: ReturnType<typeof normalizeMessage> } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { code: 'invalid_json', field: null };
  }
  const res = normalizeMessage(raw, { receivedAt: Date.parse('2026-01-01T00:00:00Z'), source: 'http' });
  if (res.ok) return { code: null, field: null, event: res };
  const first = res.error[0]!;
  return { code: first.code, field: first.field ?? null, message: first.message };
}

/** An id the line sends as a JSON integer: a file keeps its digits, the HTTP path writes String(Number(text)). */
const integerId = (text: string, key: string) => new RegExp(`"${key}":(-?\\d+)[,}]`).exec(text)?.[1];

test('differential: JSONL import and normalizeMessage accept and reject the same records, with the same codes', async () => {
  const r = rng(20260523);
  const lines: string[] = [];
  for (let i = 0; i < 700; i++) {
    const rec = randomRecord(r, i);
    lines.push(typeof rec === 'string' ? rec : rawJson(JSON.stringify(rec)));
  }
  await withStore(async (store, file) => {
    const report = await importFile(store, { path: file('random.jsonl', lines.join('\n') + '\n') });
    const q = new Map((await quarantine(store)).map((x) => [x.line, x]));
    const stored = new Map((await events(store)).map((e) => [e.message_id, e]));
    let accepted = 0;
    let fileOnly = 0;
    let skewOnly = 0;
    let bigIds = 0;
    const codes = new Map<string, number>();
    lines.forEach((text, i) => {
      const lineNo = i + 1;
      const want = httpDecision(text);
      const got = q.get(lineNo);
      if (got) codes.set(got.code, (codes.get(got.code) ?? 0) + 1);
      if (want.code === 'invalid_timestamp' && want.message?.includes('clock-skew')) {
        // A file's times are stored as sent (no clock-skew correction), so only the sent times must be in range.
        assert.equal(got, undefined, `line ${lineNo}: every sent time is in range: ${text.slice(0, 300)}`);
        const m = JSON.parse(text) as Rec;
        for (const f of ['timestamp', 'originalTimestamp', 'sentAt']) if (typeof m[f] === 'string') assert.ok(inTimestampRange(Date.parse(m[f] as string)), `line ${lineNo}: ${f}`);
        accepted++;
        skewOnly++;
        return;
      }
      const parsed = want.code === null ? (JSON.parse(text) as Rec) : null;
      if (parsed && parsed.timestamp === undefined && parsed.originalTimestamp === undefined) {
        // File-only rule: the HTTP path stamps such a message with the receive time; a file may not.
        assert.deepEqual([got?.code, got?.field], ['missing_field', 'timestamp'], `line ${lineNo}: ${text}`);
        fileOnly++;
        return;
      }
      assert.deepEqual({ code: got?.code ?? null, field: got?.field ?? null }, { code: want.code, field: want.field }, `line ${lineNo}: ${text.slice(0, 300)}`);
      if (want.code !== null || !want.event?.ok) return;
      accepted++;
      const http = want.event.value;
      if (http.messageId.startsWith('h-')) return; // content ids differ by design (h- vs imp-)
      const e = stored.get(http.messageId);
      assert.ok(e, `line ${lineNo}: message ${http.messageId} should be stored`);
      const [userId, anonymousId] = [integerId(text, 'userId'), integerId(text, 'anonymousId')];
      if ((userId && userId !== http.userId) || (anonymousId && anonymousId !== http.anonymousId)) bigIds++;
      assert.deepEqual(
        [e.type, e.event, e.name, e.user_id, e.anonymous_id, e.group_id, e.previous_id, e.original_timestamp],
        [http.type, http.event, http.name, userId ?? http.userId, anonymousId ?? http.anonymousId, http.groupId, http.previousId, http.originalTimestamp],
        `line ${lineNo}: ${text.slice(0, 300)}`,
      );
      assert.deepEqual(
        [JSON.parse(e.properties), JSON.parse(e.traits), JSON.parse(e.context)],
        [JSON.parse(http.properties), JSON.parse(http.traits), JSON.parse(http.context)],
        `line ${lineNo}`,
      );
    });
    assert.equal(report.accepted, accepted, 'every record the HTTP path accepts is stored');
    assert.equal(report.rows, report.accepted + report.quarantined + report.duplicates);
    assert.ok(accepted > 100 && report.quarantined > 200 && fileOnly > 0, `a mix of outcomes (${accepted} accepted, ${report.quarantined} quarantined, ${fileOnly} without timestamp)`);
    assert.ok(skewOnly > 0 && bigIds > 0, `skewed-only times (${skewOnly}) and ids past 2^53 (${bigIds}) were accepted`);
    for (const code of ['invalid_timestamp', 'invalid_unicode', 'too_deep', 'invalid_field', 'invalid_json']) assert.ok((codes.get(code) ?? 0) > 2, `${code}: ${codes.get(code) ?? 0} records`);
  });
});

test('differential: damaged lines (cut short, junk inserted, characters dropped) are decided alike', async () => {
  const r = rng(424242);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const junk = ['\r', '"', '\\', '\\u', '\\ud800', '\\uDC00', 'null', ',', '}', ']', '{', '[', ':', 'NaN', '1e999', '\u00e9', '\t', ' ', '0', '-', 'true', '\\"', '[[[[', '{"k":'];
  const lines: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const rec = randomRecord(r, i);
    let s = typeof rec === 'string' ? rec : rawJson(JSON.stringify(rec));
    for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) {
      const at = Math.floor(r() * s.length);
      const op = r();
      if (op < 0.15) s = s.slice(0, at);
      else if (op < 0.75) s = s.slice(0, at) + pick(junk) + s.slice(at);
      else s = s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 4));
    }
    // Cutting may split a surrogate pair; the file holds UTF-8, so decide on the text it holds.
    s = s.toWellFormed();
    lines.push(s.trim() === '' ? '{}' : s);
  }
  await withStore(async (store, file) => {
    const report = await importFile(store, { path: file('damaged.jsonl', lines.join('\n')) });
    assert.equal(report.rows, lines.length);
    assert.equal(report.rows, report.accepted + report.quarantined + report.duplicates);
    const q = new Map((await quarantine(store)).map((x) => [x.line, x]));
    const seen = new Set<string>();
    lines.forEach((text, i) => {
      const want = httpDecision(text);
      const got = q.get(i + 1);
      if (want.code === 'invalid_timestamp' && want.message?.includes('clock-skew')) return; // stored as sent (see above)
      let expected: Expected = want;
      if (want.code === null) {
        const m = JSON.parse(text) as Rec;
        if (m.timestamp === undefined && m.originalTimestamp === undefined) expected = { code: 'missing_field', field: 'timestamp' };
      }
      // A field named after a key with an unpaired surrogate cannot be stored as such; U+FFFD stands in.
      const field = expected.field === null ? null : expected.field.toWellFormed();
      seen.add(expected.code ?? 'ok');
      assert.deepEqual({ code: got?.code ?? null, field: got?.field ?? null }, { code: expected.code, field }, `line ${i + 1}: ${text.slice(0, 300)}`);
    });
    for (const code of ['ok', 'invalid_json', 'invalid_unicode', 'invalid_field']) assert.ok(seen.has(code), `${code} among the damaged lines`);
  });
});

test('differential: timestamps follow Date.parse exactly, on real calendar days from 1900 to 2199 (random ISO-shaped texts)', async () => {
  const r = rng(7);
  const d2 = (lo: number, hi: number) => String(lo + Math.floor(r() * (hi - lo + 1))).padStart(2, '0');
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const texts: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const sep = pick(['T', ' ', '', 'T']);
    // Years 0000–0099 with a space separator are a known gap (V8's legacy 2-digit-year rules).
    const year = pick(['2024', '1999', '1970', '1900', '1899', '2199', '2200', '2000', '2100', String(1850 + Math.floor(r() * 400)), String(1850 + Math.floor(r() * 400)), '0100', '9999', String(1000 + Math.floor(r() * 9000)), ...(sep === ' ' ? [] : ['0000', '0042'])]);
    let s = `${year}-${d2(0, 13)}-${d2(0, 32)}`;
    if (sep) {
      s += `${sep}${pick([d2(0, 25), '24', '23'])}:${pick([d2(0, 61), '00'])}`;
      if (r() < 0.7) {
        s += `:${pick([d2(0, 61), '00', '59'])}`;
        if (r() < 0.6) s += '.' + Array.from({ length: 1 + Math.floor(r() * 9) }, () => pick(['0', '0', '1', '5', '9'])).join('');
      }
      const z = r();
      if (z < 0.2) s += 'Z';
      else if (z < 0.35) s += pick(['+', '-']) + d2(0, 99);
      else if (z < 0.5) s += pick(['+', '-']) + d2(0, 25) + d2(0, 61);
      else if (z < 0.7) s += pick(['+', '-']) + d2(0, 25) + ':' + d2(0, 61);
    }
    texts.push(s);
  }
  const lines = texts.map((s, i) => JSON.stringify({ type: 'track', event: 't', userId: 'u', messageId: `ts-${i}`, timestamp: s }));
  await withStore(async (store, file) => {
    await importFile(store, { path: file('timestamps.jsonl', lines.join('\n')) });
    const stored = new Map((await events(store)).map((e) => [e.message_id, e.timestamp]));
    let valid = 0;
    texts.forEach((s, i) => {
      const ms = Date.parse(s);
      const ok = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(s) && isCalendarDate(s) && inTimestampRange(ms);
      if (ok) valid++;
      assert.equal(stored.get(`ts-${i}`) ?? null, ok ? new Date(ms).toISOString() : null, s);
    });
    assert.ok(valid > 800 && valid < 2500, `${valid} valid of ${texts.length}`);
  });
});

test('differential: ids sent as numbers: integers keep every digit, other numbers are stored as JavaScript writes them', async () => {
  const nums = ['0', '-0', '7', '42.0', '1.5', '1e3', '1E-7', '0.000001', '123456789012345678', '9007199254740993', '1e21', '2.5e-8', '-12.50', '100000000000000000000', '12345678901234567890', '-123456789012345678901234567890'];
  // Beyond 2^53 String(Number(text)) loses digits (12345678901234567890 → 12345678901234567000), which would merge people.
  const expected = (n: string) => (/^-?[1-9]\d*$/.test(n) ? n : String(JSON.parse(n)));
  const lines = nums.map((n, i) => `{"type":"identify","userId":${n},"messageId":"n-${i}","timestamp":"2024-05-01T10:00:00Z"}`);
  await withStore(async (store, file) => {
    await importFile(store, { path: file('ids.jsonl', lines.join('\n')) });
    const stored = new Map((await events(store)).map((e) => [e.message_id, e.user_id]));
    nums.forEach((n, i) => assert.equal(stored.get(`n-${i}`), expected(n), n));
  });
});

test('differential: the 32 KB limit is measured as normalizeMessage measures it', async () => {
  // normalizeMessage: 2 + per key (name + 4 + JSON value) bytes.
  const measure = (m: Rec) => 2 + Object.entries(m).reduce((n, [k, v]) => n + Buffer.byteLength(k) + 4 + Buffer.byteLength(JSON.stringify(v)), 0);
  const sized = (target: number, id: string) => {
    const m: Rec = { type: 'track', event: 'Big', userId: 'u', timestamp: '2024-05-01T10:00:00Z', messageId: id, properties: { pad: '' } };
    (m.properties as Rec).pad = 'é'.repeat(Math.floor((target - measure(m)) / 2)) + 'x'.repeat((target - measure(m)) % 2);
    assert.equal(measure(m), target);
    return m;
  };
  const atLimit = sized(MAX_EVENT_BYTES, 'at');
  const over = sized(MAX_EVENT_BYTES + 1, 'over');
  assert.equal(normalizeMessage(atLimit, { receivedAt: 0, source: 't' }).ok, true);
  assert.equal(normalizeMessage(over, { receivedAt: 0, source: 't' }).ok, false);
  await withStore(async (store, file) => {
    const r = await importFile(store, { path: file('big.jsonl', [atLimit, over].map((m) => JSON.stringify(m)).join('\n')) });
    assert.deepEqual(r.quarantineSample.map((q) => [q.line, q.code]), [[2, 'event_too_large']]);
    assert.equal(r.accepted, 1);
  });
});
