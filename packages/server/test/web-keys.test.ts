import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createAdmin, listApiKeys } from '@trailmap/state';
import { hashPassword } from '../src/auth/password.js';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { useWebServer, type StartedServer } from './support/web-fixture.js';

// The Data page's keys end to end (a real startServer, Debian's Chromium): the loopback session
// reads only and is offered the admin sign-in; the admin sees the stored keys, creates one (its
// secret shown once and working), rotates it without grace (old secret refused at once) and
// revokes it (refused at once); en and zh.
const KEYS = { writeKey: 'tm_write_web_keys_1234', readKey: 'tm_read_web_keys_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-keys browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-keys-', skip, KEYS, (fx) => ({ server, browser } = fx), 1000);

const status = async (secret: string) => (await fetch(`${server.url}/v1/touchpoints`, { headers: { authorization: `Bearer ${secret}` } })).status;

test('Data page keys: admin sign-in, the keys as stored, create (secret once), rotate, revoke; the read-only session is refused; en and zh', { skip: skip ?? false, timeout: 240_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('dialog', (d) => void d.accept());
  await page.goto(`${server.url}/data?tab=keys&lang=en`);
  await page.getByTestId('keys-needs-admin').waitFor();
  assert.equal((await page.request.get(`${server.url}/v1/keys`)).status(), 403, 'the loopback session cannot list keys');

  const password = 'web keys test password 42';
  assert.ok(await createAdmin(server.state, { name: 'kim', passwordHash: await hashPassword(password) }));
  const form = page.getByTestId('admin-sign-in');
  await form.getByLabel('Admin name').fill('kim');
  await form.getByLabel('Password').fill('not the password');
  await form.getByRole('button', { name: 'Sign in as admin' }).click();
  await form.getByRole('alert').filter({ hasText: 'no admin with this name and password' }).waitFor();
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in as admin' }).click();
  await page.getByTestId('keys-admin').filter({ hasText: 'kim' }).waitFor();

  const rowIds = async () => (await page.evaluate(`[...document.querySelectorAll('[data-testid="key-row"]')].map((r) => r.dataset.keyId)`)) as string[];
  await page.getByTestId('key-row').first().waitFor();
  assert.deepEqual(await rowIds(), (await listApiKeys(server.state)).map((k) => k.id), 'the page lists the stored keys');

  await page.getByTestId('key-create-name').fill('dashboard reader');
  await page.getByTestId('key-scope-read').check();
  await page.getByRole('button', { name: 'Create key' }).click();
  const secret = (await page.getByTestId('key-secret-value').innerText()).trim();
  assert.match(secret, /^tm_read_/);
  assert.equal(await status(secret), 200, 'the shown secret works');
  const made = (await listApiKeys(server.state)).find((k) => k.name === 'dashboard reader')!;
  assert.deepEqual(made.scopes, ['read']);
  const row = page.locator(`[data-testid="key-row"][data-key-id="${made.id}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /dashboard reader\s+tm_read_\S*…\s+read/);
  await page.screenshot({ path: join(SCREENSHOTS, 'data-keys.png'), fullPage: true });
  await page.getByRole('button', { name: 'I have copied it' }).click();
  assert.equal(await page.getByTestId('key-secret').count(), 0, 'the secret is gone from the page');

  await page.getByTestId('key-grace').fill('0');
  await row.getByTestId('key-rotate').click();
  const rotated = (await page.getByTestId('key-secret-value').innerText()).trim();
  assert.notEqual(rotated, secret);
  assert.equal(await status(secret), 401, 'rotated without grace: the old secret at once no longer');
  assert.equal(await status(rotated), 200);

  await row.getByTestId('key-revoke').click();
  await page.locator(`[data-testid="key-row"][data-key-id="${made.id}"][data-revoked="true"]`).waitFor();
  assert.match(await row.getByTestId('key-state').innerText(), /^revoked /);
  assert.equal(await status(rotated), 401, 'revoked: at once');

  await page.goto(`${server.url}/data?tab=keys&lang=zh-CN`);
  await page.getByRole('heading', { level: 2, name: 'API 密钥' }).waitFor();
  await page.getByRole('columnheader', { name: '权限范围' }).waitFor();
  assert.match(await row.getByTestId('key-state').innerText(), /已于 .* 吊销/);

  await page.getByRole('button', { name: '退出登录（回到只读）' }).click();
  await page.getByTestId('keys-needs-admin').waitFor();
  await page.close();
});
