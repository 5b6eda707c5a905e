import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_SCOPES, type ApiScope } from '@trailmap/core';
import { getApiKey, listAudit, openStateStore, type StateStore } from '@trailmap/state';
import { openEmbeddedTestState, startPostgres, type TestPostgres } from '@trailmap/state/test-support';
import { openTestStore } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import { buildApp } from '../src/app.js';
import { Authorizer } from '../src/auth/authorizer.js';
import { createKey, revokeKey } from '../src/auth/key-admin.js';
import { createAdminAccount } from '../src/auth/admins.js';
import { ROUTE_CATALOGUE } from '../src/openapi/route-catalogue.js';
import { isRawBody, scopeOfKind, type RouteDoc } from '../src/openapi/route-doc.js';
import { basic, KEYS } from './support/test-server.js';

// Every route of the catalogue, called with each single-scope key, no key and a revoked key:
// allowed (not 401/403) exactly when the key has the route's declared scope.

let dir: string;
let store: EventStore;
let state: StateStore;
let auth: Authorizer;
let url: string;
let app: ReturnType<typeof buildApp>;
let clock = Date.parse('2026-12-04T12:00:00.000Z');
const secrets = {} as Record<ApiScope | 'revoked', string>;
const ids = {} as Record<ApiScope | 'revoked', string>;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-scopes-'));
  const web = join(dir, 'web');
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
  state = (await openEmbeddedTestState(dir)).state;
  store = await openTestStore(dir);
  for (const scope of API_SCOPES) {
    const k = await createKey(state, { name: `only ${scope}`, scopes: [scope] }, { actor: 'test' });
    secrets[scope] = k.secret;
    ids[scope] = k.key.id;
  }
  const all = await createKey(state, { name: 'every scope, revoked', scopes: [...API_SCOPES] }, { actor: 'test' });
  await revokeKey(state, all.key.id, clock, { actor: 'test' });
  secrets.revoked = all.secret;
  ids.revoked = all.key.id;
  await createAdminAccount(state, 'ana', 'correct horse battery', 'test');
  auth = new Authorizer(state, () => clock, KEYS);
  app = buildApp({ store, state, keys: KEYS, authorizer: auth, logLevel: 'silent', now: () => clock, web: { dir: web, session: true }, scoresEveryMs: null });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app?.close();
  await auth?.close();
  await store?.close();
  await state?.close();
  rmSync(dir, { recursive: true, force: true });
});

const concrete = (r: RouteDoc) => r.path.replace(/\{[^}]+\}/g, 'no-such-id');

/** A minimal (often invalid) request: a 400 or 404 still proves the key was let through. */
async function call(r: RouteDoc, auth: string | null) {
  const headers: Record<string, string> = auth ? { authorization: auth } : {};
  let body: string | undefined;
  if (r.method !== 'get' && r.method !== 'delete') {
    const raw = r.body && isRawBody(r.body) ? r.body : null;
    headers['content-type'] = raw ? raw.contentType : 'application/json';
    body = raw && !raw.schema ? 'x' : '{}';
  }
  const res = await fetch(`${url}${concrete(r)}${r.path === '/v1/files' ? '?name=a.csv&type=track' : ''}`, { method: r.method.toUpperCase(), headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code };
}

test('scopes: every route of the catalogue, every single-scope key, no key and a revoked key: allowed exactly per the declared scope', { timeout: 300_000 }, async () => {
  let checked = 0;
  const allowedBy = new Map<string, number>();
  for (const r of ROUTE_CATALOGUE) {
    const need = scopeOfKind(r.auth);
    const what = `${r.method.toUpperCase()} ${r.path} (needs ${need ?? 'no key'})`;
    const none = await call(r, null);
    if (need === null) assert.ok(none.status !== 401 && none.status !== 403, `${what} without a key: ${none.status} ${none.code}`);
    else if (need === 'collect' && r.auth === 'collect') assert.deepEqual([none.status, none.code], [401, 'missing_key'], `${what} without a key`);
    else assert.deepEqual([none.status, none.code], [401, 'missing_key'], `${what} without a key`);
    const revoked = await call(r, `Bearer ${secrets.revoked}`);
    if (need === null) assert.ok(revoked.status !== 401 && revoked.status !== 403, `${what} with a revoked key: ${revoked.status}`);
    else assert.deepEqual([revoked.status, revoked.code], [401, 'key_revoked'], `${what} with a revoked key`);
    checked += 2;
    for (const scope of API_SCOPES) {
      const got = await call(r, `Bearer ${secrets[scope]}`);
      if (need === null || need === scope) {
        assert.ok(got.status !== 401 && got.status !== 403, `${what} with a ${scope} key answered ${got.status} ${got.code}`);
        allowedBy.set(scope, (allowedBy.get(scope) ?? 0) + 1);
      } else {
        assert.deepEqual([got.status, got.code], [403, 'scope_required'], `${what} with a ${scope} key`);
      }
      checked++;
    }
  }
  // Every scope opens some route, and the catalogue is the whole API.
  for (const scope of API_SCOPES) assert.ok((allowedBy.get(scope) ?? 0) > (scope === 'privacy' ? 0 : 1), `scope ${scope} allows ${allowedBy.get(scope)} routes`);
  assert.ok(checked > 400, `${checked} answers checked`);
});

test('scopes: collection takes its key as the Basic user and as the body\'s writeKey too; a read key there is 403, Basic on a read route is not a key', async () => {
  const send = (auth: string | null, body: object) => fetch(`${url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) }, body: JSON.stringify(body) });
  const msg = { userId: 'u-basic', event: 'Tested' };
  assert.equal((await send(basic(secrets.collect), msg)).status, 200);
  assert.equal((await send(null, { ...msg, writeKey: secrets.collect })).status, 200);
  const viaBody = await send(null, { ...msg, writeKey: secrets.read });
  assert.deepEqual([viaBody.status, ((await viaBody.json()) as any).error.code], [403, 'scope_required']);
  assert.equal((await send(basic(secrets.read), msg)).status, 403);
  assert.equal((await send(basic(secrets.revoked), msg)).status, 401);
  const basicRead = await fetch(`${url}/v1/touchpoints`, { headers: { authorization: basic(secrets.read) } });
  assert.deepEqual([basicRead.status, ((await basicRead.json()) as any).error.code], [401, 'missing_key']);
  // The keys given at start (tests, environment) are keys `write` (collect) and `read` (read).
  assert.equal((await send(basic(KEYS.writeKey), msg)).status, 200);
  assert.equal((await fetch(`${url}/v1/touchpoints`, { headers: { authorization: `Bearer ${KEYS.readKey}` } })).status, 200);
  assert.equal((await fetch(`${url}/v1/keys`, { headers: { authorization: `Bearer ${KEYS.readKey}` } })).status, 403);
});

const admin = (path: string, method = 'GET', body?: unknown) =>
  fetch(url + path, { method, headers: { authorization: `Bearer ${secrets.admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const readWith = async (secret: string) => {
  const res = await fetch(`${url}/v1/touchpoints`, { headers: { authorization: `Bearer ${secret}` } });
  return [res.status, res.status === 200 ? null : ((await res.json()) as any).error.code];
};

test('keys API: create shows the secret once, list never; rotation keeps the old secret for the grace period by the clock, then 401 key_expired; revocation is at once', async () => {
  const made = await admin('/v1/keys', 'POST', { name: 'dashboard', scopes: ['read'] });
  assert.equal(made.status, 201);
  const { key, secret } = (await made.json()) as any;
  assert.match(secret, /^tm_read_/);
  assert.equal(key.prefix, secret.slice(0, 12));
  const list = await (await admin('/v1/keys')).text();
  assert.ok(list.includes(key.id) && !list.includes(secret), 'the list names the key, never its secret');
  assert.deepEqual(await readWith(secret), [200, null]);

  const rotated = (await (await admin(`/v1/keys/${key.id}/rotate`, 'POST', { graceHours: 2 })).json()) as any;
  assert.notEqual(rotated.secret, secret);
  assert.equal(rotated.key.expiresAt, new Date(clock + 2 * 3_600_000).toISOString());
  assert.deepEqual(await readWith(secret), [200, null], 'old secret during the grace');
  assert.deepEqual(await readWith(rotated.secret), [200, null], 'new secret at once');
  clock += 2 * 3_600_000 - 1;
  assert.deepEqual(await readWith(secret), [200, null], 'a millisecond before the end');
  clock += 1;
  assert.deepEqual(await readWith(secret), [401, 'key_expired'], 'the grace is over');
  assert.deepEqual(await readWith(rotated.secret), [200, null]);
  // Without grace the old secret stops at once.
  const again = (await (await admin(`/v1/keys/${key.id}/rotate`, 'POST', { graceHours: 0 })).json()) as any;
  assert.deepEqual(await readWith(rotated.secret), [401, 'invalid_key']);
  assert.deepEqual(await readWith(again.secret), [200, null]);

  assert.equal((await admin(`/v1/keys/${key.id}`, 'DELETE')).status, 200);
  assert.deepEqual(await readWith(again.secret), [401, 'key_revoked'], 'revoked: the next request is refused');
  assert.equal((await admin(`/v1/keys/${key.id}/rotate`, 'POST', {})).status, 409);
  assert.equal((await admin('/v1/keys/key_nope', 'DELETE')).status, 404);
  const bad = (await (await admin('/v1/keys', 'POST', { name: 'x', scopes: ['write'] })).json()) as any;
  assert.equal(bad.error.field, 'scopes[0]');
  assert.equal((await admin(`/v1/keys/${key.id}/rotate`, 'POST', { graceHours: 9999 })).status, 400);

  // Each change is in the audit log, by the admin key that made it.
  const log = await listAudit(state, { limit: 100, target: `key:${key.id}` });
  assert.deepEqual(log.entries.filter((e) => e.action !== 'key.use').map((e) => [e.action, e.actor]).reverse(), [
    ['key.create', `key:${ids.admin}`],
    ['key.rotate', `key:${ids.admin}`],
    ['key.rotate', `key:${ids.admin}`],
    ['key.revoke', `key:${ids.admin}`],
  ]);
});

test('key use: counted in memory, written per key and scope (one key.use line each) with last_used_at when flushed', async () => {
  await auth.usage.flush();
  for (let i = 0; i < 25; i++) assert.equal((await fetch(`${url}/v1/touchpoints`, { headers: { authorization: `Bearer ${secrets.read}` } })).status, 200);
  const before = (await listAudit(state, { limit: 1000, action: 'key.use', actor: `key:${ids.read}` })).entries.length;
  await auth.usage.flush();
  const lines = (await listAudit(state, { limit: 1000, action: 'key.use', actor: `key:${ids.read}` })).entries;
  assert.equal(lines.length, before + 1, 'one line for 25 requests');
  assert.deepEqual([lines[0]!.detail.scope, lines[0]!.detail.requests], ['read', 25]);
  assert.equal((await getApiKey(state, ids.read))?.lastUsedAt, new Date(clock).toISOString());
});

test('a key bound to a source stamps it on what it collects; allowed origins refuse other browsers', async () => {
  const k = (await (await admin('/v1/keys', 'POST', { name: 'shop site', scopes: ['collect'], source: 'shop-web', allowedOrigins: ['https://shop.example'] })).json()) as any;
  let n = 0;
  const send = (origin: string | null, viaBody = false) =>
    fetch(`${url}/v1/${viaBody ? 't' : 'track'}`, {
      method: 'POST',
      headers: { 'content-type': viaBody ? 'text/plain' : 'application/json', ...(viaBody ? {} : { authorization: basic(k.secret) }), ...(origin ? { origin } : {}) },
      body: JSON.stringify({ userId: 'shopper', event: 'Bought', messageId: `shop-${++n}`, ...(viaBody ? { writeKey: k.secret } : {}) }),
    });
  const evil = await send('https://evil.example');
  assert.deepEqual([evil.status, ((await evil.json()) as any).error.code], [403, 'origin_not_allowed']);
  assert.equal((await send('https://evil.example', true)).status, 403);
  assert.equal((await send('https://shop.example')).status, 200);
  assert.equal((await send('https://shop.example', true)).status, 200, 'the key in the body: the source is stamped too');
  assert.equal((await send(null)).status, 200, 'a server-side sender sends no Origin');
  await store.flush?.();
  const sources = (await (await fetch(`${url}/v1/sources`, { headers: { authorization: `Bearer ${secrets.read}` } })).json()) as any;
  assert.equal(sources.sources.find((s: any) => s.source === 'shop-web')?.events, 3, JSON.stringify(sources.sources));
});

test('web: the loopback session reads only; an admin signs in (name + password) for keys, with CSRF; sign-in, refusals and sign-out are audited', async () => {
  const page = await fetch(`${url}/`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const cookie = cookies.join('; ');
  const csrf = cookies.find((c) => c.startsWith('trailmap_csrf='))!.split('=')[1]!;
  assert.equal((await fetch(`${url}/v1/touchpoints`, { headers: { cookie } })).status, 200);
  const denied = await fetch(`${url}/v1/keys`, { headers: { cookie } });
  assert.deepEqual([denied.status, ((await denied.json()) as any).error.code], [403, 'scope_required']);
  assert.deepEqual(await (await fetch(`${url}/web/session`, { headers: { cookie } })).json(), { scopes: ['read'], admin: null });

  const signIn = (password: string) => fetch(`${url}/web/admin-session`, { method: 'POST', headers: { cookie, 'x-trailmap-csrf': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'ana', password }) });
  const wrong = await signIn('wrong password');
  assert.deepEqual([wrong.status, ((await wrong.json()) as any).error.code], [401, 'invalid_admin']);
  const ok = await signIn('correct horse battery');
  assert.equal(ok.status, 204);
  const adminCookies = ok.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const adminCookie = adminCookies.join('; ');
  const adminCsrf = adminCookies.find((c) => c.startsWith('trailmap_csrf='))!.split('=')[1]!;
  assert.equal((await fetch(`${url}/v1/keys`, { headers: { cookie } })).status, 401, 'the old session ended');
  assert.deepEqual(await (await fetch(`${url}/web/session`, { headers: { cookie: adminCookie } })).json(), { scopes: ['read', 'admin', 'privacy'], admin: 'ana' });
  assert.equal((await fetch(`${url}/v1/keys`, { headers: { cookie: adminCookie } })).status, 200);
  const noCsrf = await fetch(`${url}/v1/keys`, { method: 'POST', headers: { cookie: adminCookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', scopes: ['read'] }) });
  assert.equal(noCsrf.status, 403);
  const made = await fetch(`${url}/v1/keys`, { method: 'POST', headers: { cookie: adminCookie, 'x-trailmap-csrf': adminCsrf, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'from the web', scopes: ['collect'] }) });
  assert.equal(made.status, 201);
  const madeId = ((await made.json()) as any).key.id;
  assert.equal((await fetch(`${url}/web/session`, { method: 'DELETE', headers: { cookie: adminCookie, 'x-trailmap-csrf': adminCsrf } })).status, 204);
  assert.equal((await fetch(`${url}/v1/keys`, { headers: { cookie: adminCookie } })).status, 401);

  const log = (await listAudit(state, { limit: 100, actor: 'admin:ana' })).entries.map((e) => [e.action, e.outcome]).reverse();
  assert.deepEqual(log.slice(-4), [['admin.sign-in', 'denied'], ['admin.sign-in', 'ok'], ['key.create', 'ok'], ['admin.sign-out', 'ok']]);
  assert.equal((await listAudit(state, { limit: 10, target: `key:${madeId}` })).entries[0]?.actor, 'admin:ana');
});

let pg: TestPostgres | undefined;
after(async () => pg?.stop());

test('two servers on one PostgreSQL state store: a revocation or rotation on one counts on the other from its next request (no stale cache)', { timeout: 120_000 }, async () => {
  pg = await startPostgres();
  const stateUrl = await pg.createDatabase('keys_two_servers');
  const servers: Array<{ url: string; close: () => Promise<void> }> = [];
  const dirs: string[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const d = mkdtempSync(join(tmpdir(), 'trailmap-keys-pg-'));
      dirs.push(d);
      // Each its own connection pool, authorizer and cache, as two processes have.
      const s = (await openStateStore({ setting: stateUrl, dataDir: d })).state;
      const st = await openTestStore(d);
      const a = buildApp({ store: st, state: s, keys: {}, logLevel: 'silent', scoresEveryMs: null });
      const u = await a.listen({ port: 0, host: '127.0.0.1' });
      servers.push({ url: u, close: async () => { await a.close(); await st.close(); await s.close(); } });
    }
    const [a, b] = servers as [typeof servers[0], typeof servers[0]];
    const s = (await openStateStore({ setting: stateUrl, dataDir: dirs[0]! })).state;
    const boss = await createKey(s, { name: 'admin', scopes: ['admin'] }, { actor: 'test' });
    await s.close();
    const call = (srv: { url: string }, secret: string, path = '/v1/touchpoints', method = 'GET', body?: unknown) =>
      fetch(srv.url + path, { method, headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const made = (await (await call(a, boss.secret, '/v1/keys', 'POST', { name: 'reader', scopes: ['read'] })).json()) as any;
    // Both servers have it cached now.
    assert.equal((await call(a, made.secret)).status, 200);
    assert.equal((await call(b, made.secret)).status, 200);
    // Rotated on a without grace: b refuses the old secret at once and takes the new one.
    const rotated = (await (await call(a, boss.secret, `/v1/keys/${made.key.id}/rotate`, 'POST', { graceHours: 0 })).json()) as any;
    assert.equal((await call(b, made.secret)).status, 401);
    assert.equal((await call(b, rotated.secret)).status, 200);
    // Revoked on b: a refuses it on its next request, and so do 20 requests at once.
    assert.equal((await call(b, boss.secret, `/v1/keys/${made.key.id}`, 'DELETE')).status, 200);
    const burst = await Promise.all(Array.from({ length: 20 }, () => call(a, rotated.secret)));
    assert.deepEqual([...new Set(burst.map((r) => r.status))], [401]);
  } finally {
    for (const s of servers) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
