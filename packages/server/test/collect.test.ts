import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basic, get, KEYS, post, startTestServer } from './support/test-server.js';

describe('collection API', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (srv = await startTestServer()));
  /** Query the warehouse after loading everything acknowledged. */
  const q = async <T extends object>(sql: string) => {
    await srv.store.flush();
    return srv.store.db.query<T>(sql);
  };
  after(async () => srv.close());

  test('/health answers without a key; everything else needs one', async () => {
    assert.deepEqual((await get(srv.url, '/health', null)).body.status, 'ok');
    assert.equal((await post(srv.url, '/v1/track', { event: 'X', userId: 'u' }, null)).status, 401);
    assert.equal((await get(srv.url, '/v1/profiles/u', null)).status, 401);
    assert.equal((await get(srv.url, '/v1/touchpoints', null)).status, 401);
  });

  test('keys: a write key cannot read, the read key cannot write, a wrong key is refused', async () => {
    const r1 = await get(srv.url, '/v1/profiles/u', `Bearer ${KEYS.writeKey}`);
    assert.equal(r1.status, 403);
    assert.equal(r1.body.error.code, 'scope_required');
    const r2 = await post(srv.url, '/v1/track', { event: 'X', userId: 'u' }, basic(KEYS.readKey));
    assert.equal(r2.status, 403);
    const r3 = await post(srv.url, '/v1/track', { event: 'X', userId: 'u' }, basic('nope-nope-nope'));
    assert.equal(r3.status, 401);
    assert.equal(r3.body.error.code, 'invalid_key');
  });

  test('writeKey in the body works like Basic auth', async () => {
    const r = await post(srv.url, '/v1/track', { event: 'Body Key', userId: 'bk', writeKey: KEYS.writeKey, messageId: 'bk-1' }, null);
    assert.equal(r.status, 200);
    assert.equal(r.body.accepted, 1);
  });

  test('track, then read the profile back by any id; duplicates by messageId are not stored twice', async () => {
    assert.equal((await post(srv.url, '/v1/page', { anonymousId: 'anon-7', name: 'Home', messageId: 'p-1', context: { page: { path: '/' } } })).status, 200);
    assert.equal((await post(srv.url, '/v1/identify', { anonymousId: 'anon-7', userId: 'user-7', traits: { plan: 'free' }, messageId: 'i-1', timestamp: '2026-01-01T00:00:00Z' })).status, 200);
    assert.equal((await post(srv.url, '/v1/identify', { userId: 'user-7', traits: { plan: 'pro' }, messageId: 'i-2', timestamp: '2026-02-01T00:00:00Z' })).status, 200);
    const dup = await post(srv.url, '/v1/identify', { userId: 'user-7', traits: { plan: 'pro-dup' }, messageId: 'i-2' });
    assert.equal(dup.status, 200);
    const byAnon = await get(srv.url, '/v1/profiles/anon-7');
    const byUser = await get(srv.url, '/v1/profiles/user-7');
    assert.equal(byAnon.status, 200);
    assert.equal(byAnon.body.id, byUser.body.id);
    assert.equal(byUser.body.eventCount, 3);
    assert.equal(byUser.body.traits.plan, 'pro');
    assert.deepEqual(byUser.body.traitHistory.plan.map((h: any) => h.value), ['free', 'pro']);
    assert.deepEqual(byUser.body.identities.map((i: any) => `${i.type}:${i.id}`).sort(), ['anonymousId:anon-7', 'userId:user-7']);
    assert.equal((await get(srv.url, `/v1/profiles/${byUser.body.id}`)).body.id, byUser.body.id);
    assert.equal((await get(srv.url, '/v1/profiles/nobody')).status, 404);
  });

  test('malformed JSON is a 400 that says so', async () => {
    const r = await post(srv.url, '/v1/batch', '{"batch": [ {"type": "track",');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'invalid_json');
    assert.match(r.body.error.message, /not valid JSON/);
  });

  test('missing ids: no_user_anon_id; wrong types name the field; all quarantined', async () => {
    const r = await post(srv.url, '/v1/track', { event: 'X', messageId: 'noid-1' });
    assert.equal(r.body.quarantined, 1);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'no_user_anon_id');
    const rows = await q<{ code: string; message_id: string }>(`SELECT code, message_id FROM quarantine WHERE message_id = 'noid-1'`);
    assert.deepEqual(rows, [{ code: 'no_user_anon_id', message_id: 'noid-1' }]);

    const w = await post(srv.url, '/v1/track', { event: 'X', userId: 'u', properties: 'not an object', timestamp: 12 });
    assert.equal(w.status, 400);
    const fields = w.body.errors.map((e: any) => e.field).sort();
    assert.deepEqual(fields, ['properties', 'timestamp']);
  });

  test('a batch with bad and oversized messages: valid ones stored, the rest quarantined, counts add up', async () => {
    const batch = [
      { type: 'track', event: 'Good 1', userId: 'b1', messageId: 'b-1' },
      { type: 'track', event: 'Good 2', anonymousId: 'b2', messageId: 'b-2' },
      { type: 'track', userId: 'b1', messageId: 'b-3' }, // no event
      { type: 'unknown', userId: 'b1', messageId: 'b-4' },
      { type: 'track', event: 'Huge', userId: 'b1', messageId: 'b-5', properties: { blob: 'x'.repeat(33 * 1024) } },
      { type: 'track', event: 'Good 1', userId: 'b1', messageId: 'b-1' }, // duplicate in batch
    ];
    const r = await post(srv.url, '/v1/batch', { batch });
    assert.equal(r.status, 400);
    assert.equal(r.body.received, 6);
    assert.deepEqual([r.body.accepted, r.body.quarantined], [3, 3]);
    assert.equal(r.body.accepted + r.body.quarantined, batch.length);
    assert.deepEqual(r.body.errors.map((e: any) => [e.index, e.code]), [[2, 'missing_field'], [3, 'invalid_type'], [4, 'event_too_large']]);
    assert.equal(r.body.errors[0].field, 'batch[2].event');
    const stored = await q<{ n: number }>(`SELECT count(*) AS n FROM events WHERE message_id IN ('b-1','b-2','b-3','b-4','b-5')`);
    assert.equal(stored[0]!.n, 2, 'the in-batch duplicate of b-1 is dropped when loaded');
    const quarantined = await q<{ n: number }>(`SELECT count(*) AS n FROM quarantine WHERE message_id IN ('b-3','b-4','b-5')`);
    assert.equal(quarantined[0]!.n, 3);
  });

  test('a body over 500 KB is refused with batch_too_large', async () => {
    const batch = Array.from({ length: 40 }, (_, i) => ({ type: 'track', event: 'Big', userId: 'u', messageId: `big-${i}`, properties: { s: 'y'.repeat(14_000) } }));
    const r = await post(srv.url, '/v1/batch', { batch });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'batch_too_large');
    const stored = await q<{ n: number }>(`SELECT count(*) AS n FROM events WHERE message_id LIKE 'big-%'`);
    assert.equal(stored[0]!.n, 0);
  });

  test('a body type that contradicts the endpoint is rejected', async () => {
    const r = await post(srv.url, '/v1/page', { type: 'track', event: 'X', userId: 'u' });
    assert.equal(r.status, 400);
    assert.equal(r.body.errors[0].code, 'invalid_type');
  });

  test('clock skew is corrected with sentAt', async () => {
    const sentAt = new Date(Date.now() + 3_600_000); // device clock one hour fast
    const ts = new Date(sentAt.getTime() - 5_000);
    const before = Date.now();
    await post(srv.url, '/v1/batch', { batch: [{ type: 'track', event: 'Skewed', userId: 'sk', messageId: 'sk-1', timestamp: ts.toISOString() }], sentAt: sentAt.toISOString() });
    const after = Date.now();
    const [row] = await q<{ timestamp: string }>(`SELECT timestamp FROM events WHERE message_id = 'sk-1'`);
    const t = Date.parse(row!.timestamp);
    assert.ok(t >= before - 5_000 - 5 && t <= after - 5_000 + 5, `corrected ${row!.timestamp} not ~5 s before receipt`);
  });

  test('concurrent batches are group-committed and all acknowledged exactly', async () => {
    const sends = Array.from({ length: 20 }, (_, k) =>
      post(srv.url, '/v1/batch', { batch: Array.from({ length: 50 }, (_, i) => ({ type: 'track', event: 'Conc', anonymousId: `c${k}`, messageId: `conc-${k}-${i % 40}` })) }),
    );
    const results = await Promise.all(sends);
    assert.ok(results.every((r) => r.status === 200));
    assert.equal(results.reduce((s, r) => s + r.body.accepted, 0), 1000);
    const [row] = await q<{ n: number }>(`SELECT count(*) AS n FROM events WHERE event = 'Conc'`);
    assert.equal(row!.n, 800);
  });

  test('GET /v1/quarantine lists what could not be stored, with reasons; GET /v1/people searches', async () => {
    await post(srv.url, '/v1/batch', { batch: [{ type: 'track', event: 'Q', messageId: 'qlist-1' }, { type: 'track', event: 'Ok', userId: 'search-me@example.com', messageId: 'qlist-2' }] });
    await post(srv.url, '/v1/identify', { userId: 'search-me@example.com', traits: { email: 'Search.Me@example.com', name: '搜索 Person' }, messageId: 'qlist-3' });
    const qr = await get(srv.url, '/v1/quarantine?limit=500');
    assert.equal(qr.status, 200);
    const rec = qr.body.records.find((r: { messageId: string }) => r.messageId === 'qlist-1');
    assert.ok(rec, 'the record is listed');
    assert.equal(rec.code, 'no_user_anon_id');
    assert.match(rec.reason, /userId|anonymousId/);
    assert.ok(rec.raw.includes('qlist-1'), 'with what was sent');
    assert.equal(qr.body.total, Object.values(qr.body.byCode as Record<string, number>).reduce((a, b) => a + b, 0));
    assert.equal((await get(srv.url, '/v1/quarantine?limit=0')).status, 400);

    const byEmail = await get(srv.url, '/v1/people?q=SEARCH.me');
    assert.equal(byEmail.status, 200);
    assert.equal(byEmail.body.people.length, 1);
    assert.equal(byEmail.body.people[0].email, 'Search.Me@example.com');
    assert.deepEqual(byEmail.body.people[0].identities, ['user:search-me@example.com']);
    const byName = await get(srv.url, `/v1/people?q=${encodeURIComponent('搜索')}`);
    assert.equal(byName.body.people[0].personId, byEmail.body.people[0].personId);
    const injection = await get(srv.url, `/v1/people?q=${encodeURIComponent("x') OR 1=1 --")}`);
    assert.equal(injection.status, 200);
    assert.equal(injection.body.people.length, 0);
    assert.ok((await get(srv.url, '/v1/people')).body.people.length > 1, 'without q: the most recently active');
    assert.equal((await get(srv.url, '/v1/people', `Bearer ${KEYS.writeKey}`)).status, 403);
  });
});
