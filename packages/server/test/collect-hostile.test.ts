import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basic, get, KEYS, post, startTestServer } from './support/test-server.js';
import { openTestStore } from '@trailmap/warehouse/testing';

// Each defect below once broke the server for good (a 200 whose segment could not be loaded, so
// every later request answered 500 and `trailmap start` exited) or answered 500 and lost the batch.
describe('hostile single requests', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => (srv = await startTestServer()));
  after(async () => srv.close());

  /** The server still loads, reads and collects. */
  const stillWorks = async (tag: string) => {
    await srv.store.flush();
    assert.equal((await get(srv.url, '/health', null)).status, 200);
    const ok = await post(srv.url, '/v1/track', { userId: 'after', event: 'After', messageId: `after-${tag}` });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await get(srv.url, '/v1/profiles/after')).status, 200);
  };

  test('a timestamp past year 9999, sent or produced by clock-skew correction, is a 400 invalid_timestamp naming the field', async () => {
    const far = await post(srv.url, '/v1/track', { userId: 'p1', event: 'Far', timestamp: '9999-12-31T23:59:59-14:00', messageId: 'far-1' });
    assert.equal(far.status, 400);
    assert.deepEqual([far.body.errors[0].code, far.body.errors[0].field], ['invalid_timestamp', 'timestamp']);
    const skew = await post(srv.url, '/v1/track', { userId: 'p1', event: 'Skew', originalTimestamp: '9999-01-01T00:00:00Z', sentAt: '0001-01-01T00:00:00Z', messageId: 'skew-1' });
    assert.equal(skew.status, 400);
    assert.equal(skew.body.errors[0].code, 'invalid_timestamp');
    const batch = await post(srv.url, '/v1/batch', { batch: [{ type: 'track', userId: 'p1', event: 'Fine', messageId: 'fine-1' }, { type: 'track', userId: 'p1', event: 'Far', timestamp: '2300-01-01T00:00:00.000Z', messageId: 'far-2' }] });
    assert.equal(batch.status, 400);
    assert.deepEqual([batch.body.accepted, batch.body.quarantined, batch.body.errors[0].field], [1, 1, 'batch[1].timestamp']);
    // An expanded year is not ISO-8601's basic form at all.
    const expanded = await post(srv.url, '/v1/track', { userId: 'p1', event: 'Far', timestamp: '+275760-09-13T00:00:00.000Z' });
    assert.deepEqual([expanded.status, expanded.body.errors[0].field], [400, 'timestamp']);
    await stillWorks('ts');
    const q = await srv.store.db.query<{ message_id: string; code: string }>(`SELECT message_id, code FROM quarantine WHERE message_id IN ('far-1', 'skew-1', 'far-2') ORDER BY message_id`);
    assert.deepEqual(q.map((r) => [r.message_id, r.code]), [['far-1', 'invalid_timestamp'], ['far-2', 'invalid_timestamp'], ['skew-1', 'invalid_timestamp']]);
  });

  test('an unpaired UTF-16 escape is a 400 invalid_unicode naming the field, and the quarantine keeps the text', async () => {
    const res = await fetch(srv.url + '/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(KEYS.writeKey) }, body: '{"userId":"p1","event":"S\\ud800x","messageId":"lone-1"}' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { errors: Array<{ code: string; field: string }> };
    assert.deepEqual([body.errors[0]!.code, body.errors[0]!.field], ['invalid_unicode', 'event']);
    // A key with a lone surrogate: the quarantine row (which names the field) must load too.
    const key = await fetch(srv.url + '/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(KEYS.writeKey) }, body: '{"userId":"p1","event":"K","messageId":"lone-\\udc00","properties":{"\\ud800":1}}' });
    assert.equal(key.status, 400);
    await stillWorks('lone');
    const [row] = await srv.store.db.query<{ raw: string }>(`SELECT raw FROM quarantine WHERE message_id = 'lone-1'`);
    assert.equal(row!.raw, '{"userId":"p1","event":"S\\ud800x","messageId":"lone-1"}');
  });

  test('nesting 10,000 levels deep is quarantined as too_deep; the valid messages of the same batch are stored', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const batch = [
      { type: 'track', userId: 'nest', event: 'Before', messageId: 'nest-1' },
      { type: 'track', userId: 'nest', event: 'Deep', messageId: 'nest-2', properties: deep },
      { type: 'track', userId: 'nest', event: 'After', messageId: 'nest-3' },
    ];
    // JSON.stringify itself overflows at this depth, so the body is written by hand.
    const text = `{"batch":[${JSON.stringify(batch[0])},{"type":"track","userId":"nest","event":"Deep","messageId":"nest-2","properties":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}},${JSON.stringify(batch[2])}]}`;
    const res = await fetch(srv.url + '/v1/batch', { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(KEYS.writeKey) }, body: text });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { accepted: number; quarantined: number; errors: Array<{ code: string; field: string }> };
    assert.deepEqual([body.accepted, body.quarantined, body.errors[0]!.code, body.errors[0]!.field], [2, 1, 'too_deep', 'batch[1].properties']);
    // The single-message form and a deep context.
    const single = await fetch(srv.url + '/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic(KEYS.writeKey) }, body: `{"userId":"nest","event":"D","context":${'['.repeat(50_000)}${']'.repeat(50_000)}}` });
    assert.equal(single.status, 400);
    await stillWorks('nest');
    const ids = await srv.store.db.query<{ message_id: string }>(`SELECT message_id FROM events WHERE user_id = 'nest' ORDER BY message_id`);
    assert.deepEqual(ids.map((r) => r.message_id), ['nest-1', 'nest-3']);
  });

  test('POST /v1/analytics/__proto__ (constructor, toString, hasOwnProperty) is a 404, not a 500', async () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const r = await post(srv.url, `/v1/analytics/${name}`, {}, `Bearer ${KEYS.readKey}`);
      assert.equal(r.status, 404, name);
      assert.equal(r.body.error.code, 'unknown_analysis');
    }
  });

  test('intervention estimates keyed __proto__ or constructor are a 400 naming id; a stored one is found by own key only', async () => {
    const read = `Bearer ${KEYS.readKey}`;
    for (const id of ['__proto__', 'constructor', 'toString', 'fix_drop_off', 'nope:Checkout', 'fix_drop_off:']) {
      const r = await post(srv.url, `/v1/interventions/${encodeURIComponent(id)}`, { feasibility: 0.5 }, read, 'PUT');
      assert.equal(r.status, 400, id.slice(0, 20));
      assert.equal(r.body.error.field, 'id');
    }
    const ok = await post(srv.url, `/v1/interventions/${encodeURIComponent('fix_drop_off:__proto__')}`, { feasibility: 0.5 }, read, 'PUT');
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { id: 'fix_drop_off:__proto__', feasibility: 0.5 });
    const gone = await post(srv.url, `/v1/interventions/constructor`, undefined, read, 'DELETE');
    assert.deepEqual(gone.body, { id: 'constructor', reset: false });
    const reset = await post(srv.url, `/v1/interventions/${encodeURIComponent('fix_drop_off:__proto__')}`, undefined, read, 'DELETE');
    assert.deepEqual(reset.body, { id: 'fix_drop_off:__proto__', reset: true });
  });

  test('a batch-level sentAt that is not a date is a 400 naming sentAt', async () => {
    for (const sentAt of ['yesterday', 12, '2024-02-30T00:00:00Z']) {
      const r = await post(srv.url, '/v1/batch', { sentAt, batch: [{ type: 'track', userId: 'u', event: 'E' }] });
      assert.equal(r.status, 400, String(sentAt));
      assert.equal(r.body.error.field, 'sentAt');
    }
  });
});

test('a data directory whose log holds a poisoned segment still opens, loads the rest and says what it set aside', async () => {
  // Covered in depth by the warehouse's ingest-salvage test; here the open path is what the server uses.
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-poison-'));
  try {
    mkdirSync(join(dir, 'ingest-log'));
    let seq = 0;
    const line = (id: string, ts: string, event = 'E') =>
      `{"k":"e","seq":${seq++},"messageId":"${id}","type":"track","event":"${event}","name":null,"userId":"u","anonymousId":null,"groupId":null,"previousId":null,"timestamp":"${ts}","originalTimestamp":null,"sentAt":null,"receivedAt":"2026-01-01T00:00:00.000Z","properties":{},"traits":{},"context":{},"source":"http"}`;
    writeFileSync(
      join(dir, 'ingest-log', 'segment-000000000001.ndjson'),
      [line('ok-1', '2026-01-01T00:00:00.000Z'), line('bad-ts', '+012025-01-01T00:00:00.000Z'), line('bad-u', '2026-01-01T00:00:00.000Z', 'S\\ud800x'), line('ok-2', '2026-01-01T00:00:01.000Z')].join('\n') + '\n',
    );
    const store = await openTestStore(dir);
    try {
      const ids = await store.db.query<{ message_id: string }>('SELECT message_id FROM events ORDER BY message_id');
      assert.deepEqual(ids.map((r) => r.message_id), ['ok-1', 'ok-2']);
      assert.deepEqual(store.incidents.map((i) => i.quarantined), [2]);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
