import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditQuerySchema } from '@trailmap/core';
import { listAudit, openMemoryState, type StateStore } from '@trailmap/state';
import { openTestStore } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import { buildApp } from '../src/app.js';
import { createAdminAccount } from '../src/auth/admins.js';
import { KEYS } from './support/test-server.js';

// Admin password guessing over HTTP: the sixth attempt for a name from one address is refused
// with 429 and Retry-After without checking the password — also the right one — and audited.
let dir: string;
let store: EventStore;
let state: StateStore;
let app: ReturnType<typeof buildApp>;
let url: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-throttle-'));
  const web = join(dir, 'web');
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>t</title>');
  store = await openTestStore(dir);
  state = await openMemoryState();
  await createAdminAccount(state, 'ana', 'correct horse battery', 'test');
  app = buildApp({ store, state, keys: KEYS, logLevel: 'silent', web: { dir: web, session: true }, scoresEveryMs: null });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app.close();
  await store.close();
  await state.close();
  rmSync(dir, { recursive: true, force: true });
});

test('five wrong passwords for a name: the next sign-in, even with the right password, is 429 with Retry-After; audited as throttled', async () => {
  const cookies = (await fetch(`${url}/`)).headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('trailmap_csrf='))!.split('=')[1]!;
  const signIn = (name: string, password: string) =>
    fetch(`${url}/web/admin-session`, { method: 'POST', headers: { cookie: cookies.join('; '), 'x-trailmap-csrf': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ name, password }) });
  for (let i = 0; i < 5; i++) assert.equal((await signIn('ana', `guess ${i}`)).status, 401);
  const stopped = await signIn('ana', 'correct horse battery');
  assert.equal(stopped.status, 429);
  assert.equal(((await stopped.json()) as { error: { code: string } }).error.code, 'too_many_sign_ins');
  const wait = Number(stopped.headers.get('retry-after'));
  assert.ok(wait > 800 && wait <= 900, `Retry-After ${wait} s: about 15 minutes`);
  const lines = (await listAudit(state, auditQuerySchema.parse({ action: 'admin.sign-in' }))).entries;
  assert.deepEqual(lines.map((l) => [l.outcome, l.detail]), [['denied', { throttled: true }], ...Array.from({ length: 5 }, () => ['denied', {}])]);
  assert.ok(lines.every((l) => !JSON.stringify(l).includes('guess')), 'no password in the log');
});
