import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { buildApp } from '../src/app.js';
import { basic, KEYS, startTestServer } from './support/test-server.js';
import { openTestStore } from '@trailmap/warehouse/testing';

// The browser side of collection over real HTTP: text/plain bodies, the write key in the body or
// the Basic header, analytics-next's short paths and batch shape, CORS only on collection routes,
// and gzip/deflate bodies with the 500 KB limit on the decompressed size.
let srv: Awaited<ReturnType<typeof startTestServer>>;
before(async () => (srv = await startTestServer()));
after(async () => srv.close());

const SITE = 'http://shop.example:8080';

async function send(path: string, body: string | Buffer, headers: Record<string, string> = {}, method = 'POST', base = srv.url) {
  const res = await fetch(base + path, { method, headers, body: method === 'POST' ? body : undefined });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as any) : null };
}

async function storedIds(prefix: string) {
  await srv.store.flush();
  const rows = await srv.store.db.query<{ message_id: string }>(`SELECT message_id FROM events WHERE message_id LIKE ${srv.store.db.dialect.param(0, prefix)} ORDER BY message_id`, [`${prefix}%`]);
  return rows.map((r) => r.message_id);
}

/** A message as analytics-next sends it: writeKey, _metadata and integrations included. */
const sdkMessage = (messageId: string, extra: Record<string, unknown> = {}) => ({
  type: 'track',
  event: 'Clicked Buy',
  properties: { sku: 'A-1' },
  anonymousId: 'enc-anon',
  userId: null,
  messageId,
  timestamp: new Date().toISOString(),
  sentAt: new Date().toISOString(),
  context: { library: { name: 'analytics.js', version: 'npm:next-1.84.3' }, page: { url: `${SITE}/p` } },
  integrations: {},
  writeKey: KEYS.writeKey,
  _metadata: { bundled: ['Segment.io'], unbundled: [], bundledIds: [] },
  ...extra,
});
const json = (v: unknown) => JSON.stringify(v);
const TEXT = { 'content-type': 'text/plain' };

describe('browser SDK bodies and keys', () => {
  test('a text/plain body with the write key only in the body is stored', async () => {
    const r = await send('/v1/t', json(sdkMessage('enc-body-key')), TEXT);
    assert.equal(r.status, 200, json(r.body));
    assert.deepEqual(r.body, { success: true, received: 1, accepted: 1, quarantined: 0 });
    assert.deepEqual(await storedIds('enc-body-key'), ['enc-body-key']);
  });

  test('the write key only in the Basic header (text/plain, no writeKey in the body)', async () => {
    const { writeKey: _omit, ...message } = sdkMessage('enc-basic-key');
    const r = await send('/v1/t', json(message), { ...TEXT, authorization: basic(KEYS.writeKey) });
    assert.equal(r.status, 200, json(r.body));
    assert.deepEqual(await storedIds('enc-basic-key'), ['enc-basic-key']);
  });

  test('no key, a wrong key in the body, or the read key: 401/403 and nothing stored', async () => {
    const { writeKey: _omit, ...message } = sdkMessage('enc-no-key');
    assert.equal((await send('/v1/t', json(message), TEXT)).body.error.code, 'missing_key');
    assert.equal((await send('/v1/t', json({ ...message, writeKey: 'tm_write_wrong_key_0000' }), TEXT)).status, 401);
    assert.equal((await send('/v1/t', json({ ...message, writeKey: KEYS.readKey }), TEXT)).status, 403);
    assert.deepEqual(await storedIds('enc-no-key'), []);
  });

  test('every short path stores its type; /v1/b takes the batching shape {writeKey, batch, sentAt}', async () => {
    const kinds: Array<[string, Record<string, unknown>]> = [
      ['p', { type: 'page', name: 'Home', event: undefined }],
      ['i', { type: 'identify', userId: 'enc-user', traits: { plan: 'pro' }, event: undefined }],
      ['g', { type: 'group', groupId: 'enc-group', userId: 'enc-user', event: undefined }],
      ['a', { type: 'alias', userId: 'enc-user', previousId: 'enc-anon', event: undefined }],
      ['s', { type: 'screen', name: 'Cart', event: undefined }],
    ];
    for (const [path, fields] of kinds) {
      const r = await send(`/v1/${path}`, json(sdkMessage(`enc-short-${path}`, fields)), TEXT);
      assert.equal(r.status, 200, `/v1/${path}: ${json(r.body)}`);
    }
    const batch = { writeKey: KEYS.writeKey, batch: [sdkMessage('enc-b-1'), sdkMessage('enc-b-2', { type: 'page', name: 'Pricing' })], sentAt: new Date().toISOString() };
    const r = await send('/v1/b', json(batch), TEXT);
    assert.deepEqual(r.body, { success: true, received: 2, accepted: 2, quarantined: 0 });
    await srv.store.flush();
    const rows = await srv.store.db.query<{ message_id: string; type: string }>(`SELECT message_id, type FROM events WHERE message_id LIKE 'enc-short-%' OR message_id LIKE 'enc-b-%' ORDER BY message_id`);
    assert.deepEqual(rows.map((x) => `${x.message_id}:${x.type}`), ['enc-b-1:track', 'enc-b-2:page', 'enc-short-a:alias', 'enc-short-g:group', 'enc-short-i:identify', 'enc-short-p:page', 'enc-short-s:screen']);
  });

  test('a message of the wrong type for its short path is quarantined with the field named; the 400 carries CORS so the SDK sees it', async () => {
    const r = await send('/v1/t', json(sdkMessage('enc-wrong-type', { type: 'page' })), { ...TEXT, origin: SITE });
    assert.equal(r.status, 400);
    assert.equal(r.body.errors[0].field, 'type');
    assert.equal(r.body.quarantined, 1);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
  });
});

describe('CORS: collection routes only', () => {
  const preflight = (path: string, method = 'POST', origin = SITE, base = srv.url) =>
    fetch(base + path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type,authorization,x-retry-count' } });

  test('preflight on every collection route and the settings answers 204 with the asked headers', async () => {
    for (const path of ['/v1/t', '/v1/b', '/v1/track', '/v1/batch', '/v1/import', `/v1/projects/${KEYS.writeKey}/settings`]) {
      const res = await preflight(path, path.endsWith('settings') ? 'GET' : 'POST');
      assert.equal(res.status, 204, path);
      assert.equal(res.headers.get('access-control-allow-origin'), '*', path);
      assert.equal(res.headers.get('access-control-allow-headers'), 'content-type,authorization,x-retry-count');
      assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
      assert.equal(res.headers.get('access-control-allow-credentials'), null);
    }
  });

  test('preflight on read routes, analytics, decide and the web session is refused (403, no CORS headers)', async () => {
    for (const [path, method] of [
      ['/v1/profiles/enc-anon', 'GET'],
      ['/v1/people', 'GET'],
      ['/v1/analytics/funnel', 'POST'],
      ['/v1/attribution', 'POST'],
      ['/v1/quarantine', 'GET'],
      ['/web/session', 'POST'],
      ['/v1/files', 'POST'],
    ] as const) {
      const res = await preflight(path, method);
      assert.equal(res.status, 403, path);
      assert.equal(res.headers.get('access-control-allow-origin'), null, path);
      assert.equal(((await res.json()) as any).error.code, 'cors_not_allowed');
    }
  });

  test('read routes answer a cross-origin request without Access-Control-Allow-Origin', async () => {
    const res = await fetch(`${srv.url}/v1/people`, { headers: { origin: SITE, authorization: `Bearer ${KEYS.readKey}` } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    const funnel = await fetch(`${srv.url}/v1/analytics/funnel`, { method: 'POST', headers: { origin: SITE, ...TEXT }, body: json({ steps: ['a', 'b'] }) });
    assert.equal(funnel.status, 401);
    assert.equal(funnel.headers.get('access-control-allow-origin'), null);
  });

  test('the settings document points the SDK here and loads nothing else; unknown key 404', async () => {
    const r = await send(`/v1/projects/${KEYS.writeKey}/settings`, '', { origin: SITE }, 'GET');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), '*');
    const seg = r.body.integrations['Segment.io'];
    assert.deepEqual(Object.keys(r.body.integrations), ['Segment.io']);
    assert.equal(seg.apiKey, KEYS.writeKey);
    assert.equal(seg.apiHost, `${new URL(srv.url).host}/v1`);
    assert.equal(seg.protocol, 'http');
    assert.deepEqual(r.body.remotePlugins, []);
    assert.equal(r.body.metrics.sampleRate, 0);
    assert.equal(r.body.analyticsNextEnabled, true);
    assert.ok(r.body.plan && r.body.edgeFunction);
    for (const key of ['tm_write_unknown_0000', KEYS.readKey]) {
      const miss = await send(`/v1/projects/${key}/settings`, '', {}, 'GET');
      assert.equal(miss.status, 404);
      assert.equal(miss.body.error.code, 'unknown_write_key');
    }
  });

  test('/analytics.js is the package standalone build (gzip when accepted); its chunks are served; other names 404', async () => {
    const js = await fetch(`${srv.url}/analytics.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    const code = await js.text();
    assert.ok(code.length > 100_000 && code.includes('analytics-next/bundles/'), 'the standalone build');
    const gz = await fetch(`${srv.url}/analytics.js`, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers.get('content-encoding'), 'gzip');
    assert.equal(await gz.text(), code, 'the same script, compressed');
    const umd = join(dirname(createRequire(import.meta.url).resolve('@segment/analytics-next/package.json')), 'dist', 'umd');
    const chunks = readdirSync(umd).filter((f) => /\.bundle\.[0-9a-f]+\.js$/.test(f));
    assert.ok(chunks.length > 3);
    for (const name of chunks) {
      const res = await fetch(`${srv.url}/analytics-next/bundles/${name}`);
      assert.equal(res.status, 200, name);
      assert.equal(await res.text(), readFileSync(join(umd, name), 'utf8'), name);
    }
    for (const name of ['not-a-chunk.js', 'standalone.js.map', '..%2Fpackage.json']) {
      assert.equal((await fetch(`${srv.url}/analytics-next/bundles/${name}`)).status, 404, name);
    }
  });

  test('with TRAILMAP_CORS_ORIGINS set, only those origins get CORS; a foreign Origin cannot send even with the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailmap-cors-'));
    const store = await openTestStore(dir);
    const app = buildApp({ store, keys: KEYS, logLevel: 'silent', corsOrigins: ['https://shop.example'] });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const ok = await preflight('/v1/t', 'POST', 'https://shop.example', url);
      assert.equal(ok.status, 204);
      assert.equal(ok.headers.get('access-control-allow-origin'), 'https://shop.example');
      assert.match(ok.headers.get('vary') ?? '', /Origin/);
      const evil = await preflight('/v1/t', 'POST', 'https://evil.example', url);
      assert.equal(evil.status, 403);
      assert.equal(evil.headers.get('access-control-allow-origin'), null);
      const msg = json(sdkMessage('cors-list-1'));
      const beacon = await send('/v1/t', msg, { ...TEXT, origin: 'https://evil.example' }, 'POST', url);
      assert.equal(beacon.status, 403);
      assert.equal(beacon.body.error.code, 'origin_not_allowed');
      const fromShop = await send('/v1/t', msg, { ...TEXT, origin: 'https://shop.example' }, 'POST', url);
      assert.equal(fromShop.status, 200);
      assert.equal(fromShop.headers.get('access-control-allow-origin'), 'https://shop.example');
      const server = await send('/v1/t', json(sdkMessage('cors-list-2')), TEXT, 'POST', url);
      assert.equal(server.status, 200, 'no Origin: a server-side client');
      await store.flush();
      const rows = await store.db.query<{ message_id: string }>(`SELECT message_id FROM events ORDER BY message_id`);
      assert.deepEqual(rows.map((r) => r.message_id), ['cors-list-1', 'cors-list-2']);
    } finally {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compressed bodies', () => {
  const batchOf = (prefix: string, n: number, pad = 0) => ({
    writeKey: KEYS.writeKey,
    batch: Array.from({ length: n }, (_, i) => sdkMessage(`${prefix}-${String(i).padStart(4, '0')}`, { properties: { pad: 'x'.repeat(pad), i } })),
  });

  test('gzip, zlib deflate and raw deflate bodies are accepted on every kind of collection route', async () => {
    const cases: Array<[string, string, (b: Buffer) => Buffer]> = [
      ['/v1/batch', 'gzip', gzipSync],
      ['/v1/b', 'gzip', gzipSync],
      ['/v1/t', 'deflate', deflateSync],
      ['/v1/track', 'deflate', deflateRawSync],
    ];
    for (const [path, encoding, compress] of cases) {
      const prefix = `gz-${path.replace(/\W/g, '')}-${encoding}-${compress.name}`;
      const body = path.endsWith('b') || path.endsWith('batch') ? batchOf(prefix, 3) : sdkMessage(`${prefix}-0000`);
      const r = await send(path, compress(Buffer.from(json(body))), { ...TEXT, 'content-encoding': encoding });
      assert.equal(r.status, 200, `${path} ${encoding}: ${json(r.body)}`);
      assert.equal((await storedIds(prefix)).length, path.endsWith('b') || path.endsWith('batch') ? 3 : 1, prefix);
    }
  });

  test('a 450 KB batch sent gzipped (far smaller on the wire) is accepted: the limit is on the decompressed body', async () => {
    const body = Buffer.from(json(batchOf('gz-450k', 30, 15_000)));
    assert.ok(body.length > 440 * 1024 && body.length < 500 * 1024, `${body.length}`);
    const r = await send('/v1/batch', gzipSync(body), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(r.status, 200, json(r.body));
    assert.equal((await storedIds('gz-450k')).length, 30);
  });

  test('a gzip body whose decompressed size passes 500 KB is refused (400 batch_too_large) and nothing is stored', async () => {
    const body = Buffer.from(json(batchOf('gz-600k', 40, 15_000)));
    assert.ok(body.length > 500 * 1024);
    const compressed = gzipSync(body);
    assert.ok(compressed.length < 100 * 1024, 'small on the wire');
    const r = await send('/v1/batch', compressed, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'batch_too_large');
    assert.deepEqual(await storedIds('gz-600k'), []);
  });

  test('a gzip bomb (50 MB of zeros in ~50 KB) is refused quickly without inflating it, and the server keeps answering', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    assert.ok(bomb.length < 100 * 1024, `${bomb.length}`);
    const t0 = performance.now();
    const r = await send('/v1/batch', bomb, { ...TEXT, 'content-encoding': 'gzip', authorization: basic(KEYS.writeKey) });
    const ms = performance.now() - t0;
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'batch_too_large');
    // Inflating all 50 MB takes ~150–300 ms here; stopping at 500 KB takes ~10 ms.
    assert.ok(ms < 1000, `refused in ${ms.toFixed(0)} ms`);
    console.log(`gzip bomb (${bomb.length} bytes → 50 MB) refused in ${ms.toFixed(1)} ms`);
    // 400 MB in 400 KB: gzip members of 1 MB of zeros, one after another (a gzip stream may hold
    // many). Inflating it all would take seconds and 400 MB; the cap stops after 500 KB.
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const big = Buffer.concat(Array.from({ length: 400 }, () => member));
    assert.ok(big.length < 500 * 1024, `${big.length}`);
    const rss0 = process.memoryUsage().rss;
    const t1 = performance.now();
    const r2 = await send('/v1/batch', big, { ...TEXT, 'content-encoding': 'gzip', authorization: basic(KEYS.writeKey) });
    const ms2 = performance.now() - t1;
    assert.equal(r2.body.error.code, 'batch_too_large');
    assert.ok(process.memoryUsage().rss - rss0 < 150 * 1024 * 1024, `rss grew ${((process.memoryUsage().rss - rss0) / 1048576).toFixed(0)} MB`);
    assert.ok(ms2 < 1000, `400 MB bomb refused in ${ms2.toFixed(0)} ms`);
    console.log(`gzip bomb (${big.length} bytes → 400 MB, 400 members) refused in ${ms2.toFixed(1)} ms`);
    const health = await fetch(`${srv.url}/health`);
    assert.equal(health.status, 200);
    const after = await send('/v1/t', json(sdkMessage('gz-after-bomb')), TEXT);
    assert.equal(after.status, 200);
  });

  test('corrupt or truncated gzip is 400 invalid_encoding; an unknown encoding is 415', async () => {
    const corrupt = await send('/v1/t', Buffer.from('this is not gzip'), { ...TEXT, 'content-encoding': 'gzip' });
    assert.equal(corrupt.status, 400);
    assert.equal(corrupt.body.error.code, 'invalid_encoding');
    const full = gzipSync(Buffer.from(json(sdkMessage('gz-truncated'))));
    const truncated = await send('/v1/t', full.subarray(0, full.length - 12), { ...TEXT, 'content-encoding': 'gzip' });
    assert.equal(truncated.status, 400);
    assert.equal(truncated.body.error.code, 'invalid_encoding');
    const badDeflate = await send('/v1/t', Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff]), { ...TEXT, 'content-encoding': 'deflate' });
    assert.equal(badDeflate.status, 400);
    for (const encoding of ['br', 'zstd', 'gzip, deflate']) {
      const r = await send('/v1/t', gzipSync(Buffer.from(json(sdkMessage('gz-unknown')))), { ...TEXT, 'content-encoding': encoding });
      assert.equal(r.status, 415, encoding);
      assert.equal(r.body.error.code, 'unsupported_encoding');
      assert.match(r.body.error.message, /gzip or deflate/);
    }
    assert.deepEqual(await storedIds('gz-truncated'), []);
    assert.deepEqual(await storedIds('gz-unknown'), []);
  });
});
