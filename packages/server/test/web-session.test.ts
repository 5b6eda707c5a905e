import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PROJECT_CONFIG } from '@trailmap/core';
import { EventStore } from '@trailmap/warehouse';
import { buildApp } from '../src/app.js';
import { KEYS } from './support/test-server.js';

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
  store = await EventStore.open({ path: join(dir, 'trailmap.duckdb'), project: DEFAULT_PROJECT_CONFIG });
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

const tokenOf = (res: Response) => /trailmap_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];

test('every app route serves index.html with an HttpOnly SameSite=Strict session cookie; other paths stay API 404s', async () => {
  for (const path of ['/', '/funnels', '/paths', '/attribution', '/retention', '/people', '/data']) {
    const res = await fetch(local + path);
    assert.equal(res.status, 200, path);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.headers.get('set-cookie') ?? '', /^trailmap_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
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
  const cookie = `trailmap_session=${token}`;
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie } })).status, 200);
  const post = await fetch(local + '/v1/analytics/journey-map', { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: local, 'sec-fetch-site': 'same-origin' }, body: '{}' });
  assert.equal(post.status, 200);
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie, origin: 'http://evil.example' } })).status, 401);
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie, 'sec-fetch-site': 'cross-site' } })).status, 401);
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie: 'trailmap_session=forged' } })).status, 401);
  const track = await fetch(local + '/v1/track', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'u', event: 'E' }) });
  assert.equal(track.status, 401, 'the session never stands for the write key');
  assert.equal((await fetch(local + '/', { headers: { cookie } })).headers.get('set-cookie'), null);
  // Sign out ends the session server-side.
  assert.equal((await fetch(local + '/web/session', { method: 'DELETE', headers: { cookie } })).status, 204);
  assert.equal((await fetch(local + '/v1/touchpoints', { headers: { cookie } })).status, 401);
});

test('with the session off the page sets no cookie; signing in takes the read key only', async () => {
  const page = await fetch(remote + '/');
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('set-cookie'), null);
  const signIn = (readKey: string) => fetch(remote + '/web/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ readKey }) });
  const wrongKind = await signIn(KEYS.writeKey);
  assert.equal(wrongKind.status, 403);
  assert.equal(((await wrongKind.json()) as { error: { code: string } }).error.code, 'wrong_key_kind');
  assert.equal((await signIn('not-the-key')).status, 401);
  const ok = await signIn(KEYS.readKey);
  assert.equal(ok.status, 204);
  const token = tokenOf(ok);
  assert.ok(token);
  assert.equal((await fetch(remote + '/v1/touchpoints', { headers: { cookie: `trailmap_session=${token}` } })).status, 200);
});
