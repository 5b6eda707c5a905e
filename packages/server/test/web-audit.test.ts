import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { AuditAnswer } from '@trailmap/core';
import { createAdmin, listAudit } from '@trailmap/state';
import { auditQuerySchema } from '@trailmap/core';
import { hashPassword } from '../src/auth/password.js';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The audit log page end to end: a real `startServer` on demo data, Debian's Chromium. The
// loopback session (read only) is told the page needs an admin; an admin's session sees the lines
// the API has, filters them by action, and the page shows no personal data.
const KEYS = { writeKey: 'tm_write_web_audit_1234', readKey: 'tm_read_web_audit_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-audit browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-audit-', skip, KEYS, (fx) => ({ server, browser } = fx), 3000);

test('audit page: the read-only session is told it needs an admin; an admin sees the log, filters it by action, en and zh', { skip: skip ?? false, timeout: 240_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/audit?lang=en`);
  await page.getByTestId('audit-needs-admin').waitFor();

  // Reads of two people's profiles (the read key): two profile.read lines.
  const { people } = await readKeyCall<{ people: Array<{ personId: string }> }>(server.url, KEYS.readKey, 'GET', '/v1/people?limit=2');
  for (const p of people) await readKeyCall(server.url, KEYS.readKey, 'GET', `/v1/profiles/${encodeURIComponent(p.personId)}`);

  const password = 'a long test password 1234';
  assert.ok(await createAdmin(server.state, { name: 'ana', passwordHash: await hashPassword(password) }));
  // The page's own loopback session carries the CSRF cookie a write must echo (as the app's sign-in form does).
  const csrf = (await page.context().cookies()).find((c) => c.name === 'trailmap_csrf')?.value ?? '';
  const signIn = await page.request.post(`${server.url}/web/admin-session`, { data: { name: 'ana', password }, headers: { 'x-trailmap-csrf': csrf } });
  assert.equal(signIn.status(), 204, await signIn.text());

  await page.goto(`${server.url}/audit?lang=en`);
  await page.getByTestId('audit-ready').waitFor();
  const all = await listAudit(server.state, auditQuerySchema.parse({}));
  const rows = async () => (await page.evaluate(`[...document.querySelectorAll('[data-testid="audit-table"] tbody tr')].map((r) => [Number(r.dataset.id), r.dataset.action])`)) as Array<[number, string]>;
  assert.deepEqual(await rows(), all.entries.map((e) => [e.id, e.action]), 'the page lists what the log holds, newest first');
  assert.ok(all.entries.some((e) => e.action === 'admin.sign-in' || e.action.startsWith('admin.')), `the sign-in is in the log: ${all.entries.map((e) => e.action).join(', ')}`);

  await page.getByTestId('audit-action').fill('profile.read');
  await page.getByTestId('audit-apply').click();
  await page.waitForURL(/action=profile\.read/);
  await page.waitForFunction(`[...document.querySelectorAll('[data-testid="audit-table"] tbody tr')].every((r) => r.dataset.action === 'profile.read')`);
  const reads = (await rows()).map(([, a]) => a);
  assert.deepEqual(reads, ['profile.read', 'profile.read']);
  const text = await page.getByTestId('audit-table').innerText();
  for (const p of people) assert.ok(!text.includes(p.personId), 'no person id on the page');
  assert.match(text, /person:[0-9a-f]{32}/);
  await page.screenshot({ path: join(SCREENSHOTS, 'audit.png'), fullPage: true });

  await page.goto(`${server.url}/audit?lang=zh-CN&action=profile.read`);
  await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
  await page.getByTestId('audit-ready').waitFor();
  assert.equal((await rows()).length, 2);
  const api = (await (await page.request.get(`${server.url}/v1/audit?action=profile.read`)).json()) as AuditAnswer;
  assert.equal(api.entries.length, 2, 'the admin session reads the API too');
  await page.close();
});
