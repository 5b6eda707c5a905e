import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { EventStore } from '@trailmap/warehouse';
import { buildApp } from '../src/app.js';
import { KEYS } from './support/test-server.js';
import { openTestStore } from '@trailmap/warehouse/testing';

// The web app's serving and session rules over plain HTTP (no browser): a tiny built app in a temp folder.
let dir: string;
let store: EventStore;
let apps: Array<{ close(): Promise<unknown> }> = [];
let local: string;
let remote: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-web-session-'));
  const web = join(dir, 'web');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(web, 'assets', 'app-123.js'), 'console.log(1)');
  store = await openTestStore(dir);
  const a = buildApp({ store, keys: KEYS, logLevel: 'silent', web: { dir: web, session: true } });
  const b = buildApp({ store, keys: KEYS, logLevel: 'silent', web: { dir: web, session: false } });
  local = await a.listen({ port: 0, host: '127.0.0.1' });
  remote = await b.listen({ port: 0, host: '127.0.0.1' });
  apps = [a, b];
});

after(async () => {
  for (const a of apps) await a.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** fetch() may not set Host (a forbidden header), so requests under another name go through node:http. */
function rawRequest(base: string, path: string, opts: { method?: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; setCookie: string[]; json: unknown }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, setCookie: res.headers['set-cookie'] ?? [], json: text.startsWith('{') ? JSON.parse(text) : text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const tokenOf = (res: Response) => /trailmap_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
const csrfOf = (res: Response) => /trailmap_csrf=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

test('every app route serves index.html with an HttpOnly SameSite=Strict session cookie; other paths stay API 404s', async () => {
  for (const path of ['/', '/funnels', '/paths', '/attribution', '/retention', '/people', '/data']) {
    const res = await fetch(local + path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const cookies = res.headers.getSetCookie();
    assert.equal(cookies.length, 2);
    assert.match(cookies[0]!, /^trailmap_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    assert.match(cookies[1]!, /^trailmap_csrf=[\w-]{43}; Path=\/; SameSite=Strict; Max-Age=\d+$/);
    assert.ok(!(await res.text()).includes(KEYS.readKey));
  }
  const missing = await fetch(local + '/nope');
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
  assert.equal((await fetch(local + '/assets/app-123.js')).status, 200);
  assert.equal((await fetch(local + '/assets/..%2F..%2Ftrailmap.duckdb')).status, 404);
  assert.equal((await fetch(`${local}/health`)).status, 200);
});

test('the cookie reads (GET and POST) from the same origin only, never writes, and a page with a live session gets no new cookie', async () => {
  const page = await fetch(local + '/');
  const token = tokenOf(page)!;
  const csrf = csrfOf(page)!;
  const cookie = `trailmap_session=${token}; trailmap_csrf=${csrf}`;
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie } })).status, 200);
  const post = await fetch(local + '/v1/analytics/journey-map', { method: 'POST', headers: { cookie, 'x-trailmap-csrf': csrf, 'content-type': 'application/json', origin: local, 'sec-fetch-site': 'same-origin' }, body: '{}' });
  assert.equal(post.status, 200);
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie, origin: 'http://evil.example' } })).status, 401);
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status, 401);
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie: 'trailmap_session=forged' } })).status, 401);
  const track = await fetch(local + '/v1/track', { method: 'POST', headers: { cookie, 'x-trailmap-csrf': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'u', event: 'E' }) });
  assert.equal(track.status, 401, 'the session never stands for the write key');
  assert.equal((await fetch(local + '/', { headers: { cookie } })).headers.get('set-cookie'), null);
  // Sign out ends the session server-side.
  assert.equal((await fetch(local + '/web/session', { method: 'DELETE', headers: { cookie, 'x-trailmap-csrf': csrf } })).status, 204);
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie } })).status, 401);
});

test('with the session off the page sets no cookie; signing in takes the read key only', async () => {
  const page = await fetch(remote + '/');
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('set-cookie'), null);
  const signIn = (readKey: string) => fetch(remote + '/web/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ readKey }) });
  const wrongKind = await signIn(KEYS.writeKey);
  assert.equal(wrongKind.status, 403);
  assert.equal(((await wrongKind.json()) as { error: { code: string } }).error.code, 'scope_required');
  assert.equal((await signIn('not-the-key')).status, 401);
  const ok = await signIn(KEYS.readKey);
  assert.equal(ok.status, 204);
  const token = tokenOf(ok);
  assert.ok(token);
  assert.equal((await fetch(remote + '/v1/touchpoints', { headers: { cookie: `trailmap_session=${token}` } })).status, 200);
});

test('DNS rebinding: a request naming another host gets no page, no session and no access with a session cookie', async () => {
  const port = new URL(local).port;
  // A rebinding page's requests arrive with its own name in Host (and Origin).
  const host = `evil.example:${port}`;
  const origin = `http://evil.example:${port}`;
  const page = await rawRequest(local, '/', { headers: { host } });
  assert.equal(page.status, 421);
  assert.equal((page.json as { error: { code: string } }).error.code, 'wrong_host');
  assert.deepEqual(page.setCookie, [], 'no session is handed out');
  const signIn = await rawRequest(local, '/web/session', { method: 'POST', headers: { host, 'content-type': 'application/json' }, body: JSON.stringify({ readKey: KEYS.readKey }) });
  assert.equal(signIn.status, 421);
  // A session obtained legitimately is worthless under the wrong Host.
  const real = await fetch(local + '/');
  const csrf = csrfOf(real)!;
  const cookie = `trailmap_session=${tokenOf(real)}; trailmap_csrf=${csrf}`;
  assert.equal((await rawRequest(local, '/v1/touchpoints', { headers: { host, origin, cookie } })).status, 401);
  assert.equal((await rawRequest(local, '/v1/people', { headers: { host, cookie } })).status, 401);
  const note = await rawRequest(local, '/v1/journey-notes', { method: 'POST', headers: { host, origin, cookie, 'x-trailmap-csrf': csrf, 'content-type': 'application/json' }, body: '{}' });
  assert.equal(note.status, 401);
  const upload = await rawRequest(local, '/v1/files?name=x.csv', { method: 'POST', headers: { host, origin, cookie, 'x-trailmap-csrf': csrf, 'content-type': 'text/csv' }, body: 'userId,event\nu,E\n' });
  assert.equal(upload.status, 401);
  // The same cookie under this server's own name works: the refusals above are the Host's doing.
  assert.equal((await rawRequest(local, '/v1/touchpoints', { headers: { host: `127.0.0.1:${port}`, cookie } })).status, 200);
  // Loopback names all count as this server.
  for (const h of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) assert.equal((await rawRequest(local, '/', { headers: { host: h } })).status, 200, h);
  // With the key, the API answers whatever the Host (keys are not ambient authority).
  assert.equal((await rawRequest(local, '/v1/touchpoints', { headers: { host, authorization: `Bearer ${KEYS.readKey}` } })).status, 200);
});

test('CSRF: a session request that is not a GET must echo the CSRF token; a wrong or missing one is 403 naming the header', async () => {
  const page = await fetch(local + '/');
  const csrf = csrfOf(page)!;
  const cookie = `trailmap_session=${tokenOf(page)}; trailmap_csrf=${csrf}`;
  const post = (headers: Record<string, string>) =>
    fetch(local + '/v1/analytics/journey-map', { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: '{}' });
  const missing = await post({});
  assert.equal(missing.status, 403);
  const body = (await missing.json()) as { error: { code: string; field: string } };
  assert.deepEqual([body.error.code, body.error.field], ['csrf_token_missing', 'x-trailmap-csrf']);
  assert.equal((await post({ 'x-trailmap-csrf': 'forged' })).status, 403);
  // Another session's token does not count for this one.
  const other = csrfOf(await fetch(local + '/'))!;
  assert.equal((await post({ 'x-trailmap-csrf': other })).status, 403);
  assert.equal((await post({ 'x-trailmap-csrf': csrf })).status, 200);
  const del = await fetch(local + '/v1/interventions/fix_drop_off:X', { method: 'DELETE', headers: { cookie } });
  assert.equal(del.status, 403);
});
