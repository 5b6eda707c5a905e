import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultCache, stableKey } from '../src/http/result-cache.js';
import { KEYS, post, startTestServer } from './support/test-server.js';

const read = `Bearer ${KEYS.readKey}`;

describe('ResultCache', () => {
  test('an answer is computed once per key and version; a new version computes again', async () => {
    const cache = new ResultCache();
    let runs = 0;
    const compute = async () => ++runs;
    assert.equal(await cache.get('a', 1, compute), 1);
    assert.equal(await cache.get('a', 1, compute), 1);
    assert.equal(await cache.get('a', 2, compute), 2);
    assert.equal(await cache.get('b', 2, compute), 3);
    assert.deepEqual(cache.counts, { hits: 1, misses: 3 });
  });

  test('requests during a computation share it; a failure is not kept', async () => {
    const cache = new ResultCache();
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = async () => {
      runs++;
      await gate;
      return 'done';
    };
    const both = Promise.all([cache.get('k', 1, slow), cache.get('k', 1, slow)]);
    release();
    assert.deepEqual(await both, ['done', 'done']);
    assert.equal(runs, 1);
    await assert.rejects(cache.get('bad', 1, async () => Promise.reject(new Error('boom'))), /boom/);
    await Promise.resolve();
    assert.equal(await cache.get('bad', 1, async () => 'ok'), 'ok', 'the failed answer was not kept');
  });

  test('the least recently used answer goes first; an answer older than ttlMs is computed again', async () => {
    const cache = new ResultCache({ maxEntries: 2 });
    let runs = 0;
    const compute = async () => ++runs;
    await cache.get('a', 1, compute); // 1
    await cache.get('b', 1, compute); // 2
    await cache.get('a', 1, compute); // hit: a is now the most recent
    await cache.get('c', 1, compute); // 3, b goes
    assert.equal(cache.size, 2);
    assert.equal(await cache.get('a', 1, compute), 1);
    assert.equal(await cache.get('b', 1, compute), 4);
    let now = 0;
    const timed = new ResultCache({ ttlMs: 1000, now: () => now });
    assert.equal(await timed.get('x', 1, async () => 'first'), 'first');
    now = 999;
    assert.equal(await timed.get('x', 1, async () => 'second'), 'first');
    now = 2000;
    assert.equal(await timed.get('x', 1, async () => 'third'), 'third');
  });

  test('stableKey ignores key order, not array order', () => {
    assert.equal(stableKey({ b: 1, a: { d: [2, 1], c: null } }), stableKey({ a: { c: null, d: [2, 1] }, b: 1 }));
    assert.notEqual(stableKey({ a: [1, 2] }), stableKey({ a: [2, 1] }));
  });
});

describe('analyses answers are kept until new data arrives (a real server)', () => {
  const results = new ResultCache();
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => {
    srv = await startTestServer({ results });
  });
  after(async () => srv.close());

  const track = (userId: string, event: string, messageId: string) => post(srv.url, '/v1/track', { userId, event, messageId, timestamp: '2026-11-02T10:00:00Z' });
  const funnel = { steps: [{ event: 'Song Played' }, { event: 'Song Liked' }], window: '1d' };
  const entered = (body: { steps: Array<{ count: number }> }) => body.steps[0]!.count;

  test('the same definition twice is one computation; an event collected after it is counted at the next request', async () => {
    assert.equal((await track('u1', 'Song Played', 'm1')).status, 200);
    const first = await post(srv.url, '/v1/analytics/funnel', funnel, read);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(entered(first.body), 1);
    const misses = results.counts.misses;
    // Same definition, keys written in another order: served from the cache.
    const again = await post(srv.url, '/v1/analytics/funnel', { window: '1d', steps: [{ event: 'Song Played' }, { event: 'Song Liked' }] }, read);
    assert.deepEqual(again.body, first.body);
    assert.equal(results.counts.misses, misses, 'no second computation');
    assert.ok(results.counts.hits >= 1);
    assert.equal((await track('u2', 'Song Played', 'm2')).status, 200);
    const after = await post(srv.url, '/v1/analytics/funnel', funnel, read);
    assert.equal(entered(after.body), 2, 'the new person is counted: the data version moved');
    assert.equal(results.counts.misses, misses + 1);
    const bad = await post(srv.url, '/v1/analytics/funnel', { steps: [{ event: 'Song Played' }] }, read);
    assert.equal(bad.status, 400, 'an invalid definition is still refused before any cache');
  });
});
