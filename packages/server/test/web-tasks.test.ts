import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ServiceTaskListAnswer } from '@trailmap/core';
import { createAdmin, listServiceTasks } from '@trailmap/state';
import { serviceTaskQuerySchema } from '@trailmap/core';
import { hashPassword } from '../src/auth/password.js';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The Tasks page end to end: a real `startServer` on demo data, Debian's Chromium. Negative
// feedback and a failed payment sent now become tasks at a scan; the read-only session sees the
// list and is told assigning needs an admin; an admin assigns one task and closes another, en and zh.
const KEYS = { writeKey: 'tm_write_web_tasks_1234', readKey: 'tm_read_web_tasks_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-tasks browser tests skipped: ${skip}`);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const RUN_AXE_JS = `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] })
  .then((r) => ({ passed: r.passes.length, violations: r.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')) }))`;
/** No axe WCAG 2.0/2.1 A and AA violation on the page as it is now. */
async function assertAccessible(page: import('playwright-core').Page, what: string): Promise<void> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const { passed, violations } = (await page.evaluate(RUN_AXE_JS)) as { passed: number; violations: string[] };
  assert.ok(passed >= 10, `axe passed only ${passed} rules on ${what}`);
  assert.deepEqual(violations, [], what);
}

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-tasks-', skip, KEYS, (fx) => ({ server, browser } = fx), 3000);

test('tasks page: the open list with priority, owner, due (overdue marked) and the person; an admin assigns and closes; en and zh', { skip: skip ?? false, timeout: 240_000 }, async () => {
  const now = Date.now();
  const batch = [
    { type: 'track', messageId: 'wt-fb', userId: 'web-task-ana', event: 'Feedback Submitted', timestamp: new Date(now - 3_600_000).toISOString(), properties: { text: 'The payment page kept failing on my phone, awful.', touchpoint: 'Payment Info Entered' } },
    { type: 'track', messageId: 'wt-pay', userId: 'web-task-bo', event: 'Payment Failed', timestamp: new Date(now - 7_200_000).toISOString(), properties: { order_id: 'o-web-1' } },
  ];
  const sent = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(KEYS.writeKey + ':').toString('base64')}` }, body: JSON.stringify({ batch }) });
  assert.equal(sent.status, 200, await sent.text());

  const password = 'a long test password 1234';
  assert.ok(await createAdmin(server.state, { name: 'mia', passwordHash: await hashPassword(password) }));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}/tasks?lang=en`);
  await page.getByTestId('tasks-needs-admin').waitFor();
  const csrf = (await page.context().cookies()).find((c) => c.name === 'trailmap_csrf')?.value ?? '';
  const signIn = await page.request.post(`${server.url}/web/admin-session`, { data: { name: 'mia', password }, headers: { 'x-trailmap-csrf': csrf } });
  assert.equal(signIn.status(), 204, await signIn.text());
  await page.goto(`${server.url}/tasks?lang=en`);
  await page.getByTestId('tasks-scan').click();
  await page.getByTestId('tasks-scan-note').waitFor();
  await page.getByTestId('tasks-ready').waitFor();

  const api = await readKeyCall<ServiceTaskListAnswer>(server.url, KEYS.readKey, 'GET', '/v1/tasks?limit=500');
  const rows = async () => (await page.evaluate(`[...document.querySelectorAll('[data-testid="task-row"]')].map((r) => r.dataset.taskId)`)) as string[];
  await page.waitForFunction(`document.querySelectorAll('[data-testid="task-row"]').length === ${Math.min(api.total, 50)}`);
  assert.deepEqual(await rows(), api.tasks.slice(0, 50).map((t) => t.id), 'the page lists what the API answers, in its order');
  const payment = api.tasks.find((t) => t.source === 'failed_payment' && t.detail.orderId === 'o-web-1');
  const feedback = api.tasks.find((t) => t.source === 'negative_sentiment' && t.detail.messageId === 'wt-fb');
  assert.ok(payment && feedback, JSON.stringify(api.tasks.map((t) => [t.source, t.detail])));

  // Filter to failed payments: the task shows its owner (billing, by routing) and links to the person.
  await page.getByTestId('tasks-filter-source').selectOption('failed_payment');
  await page.getByTestId('tasks-apply').click();
  await page.waitForURL(/source=failed_payment/);
  const row = page.locator(`[data-task-id="${payment.id}"]`);
  await row.waitFor();
  assert.equal(await row.getByTestId('task-owner').innerText(), 'billing');
  assert.equal(await row.getByTestId('task-person').getAttribute('href'), `/people?person=${encodeURIComponent(payment.personId)}`);

  // Assign, then make it overdue through the API and see it marked.
  await row.getByTestId('task-owner-input').fill('mia');
  await row.getByTestId('task-assign').click();
  await page.waitForFunction(`document.querySelector('[data-task-id="${payment.id}"] [data-testid="task-owner"]')?.textContent === 'mia'`);
  const adminCsrf = (await page.context().cookies()).find((c) => c.name === 'trailmap_csrf')?.value ?? '';
  const late = await page.request.patch(`${server.url}/v1/tasks/${payment.id}`, { data: { dueAt: new Date(now - 60_000).toISOString() }, headers: { 'x-trailmap-csrf': adminCsrf } });
  assert.equal(late.status(), 200, await late.text());
  await page.reload();
  await row.getByTestId('task-overdue').waitFor();
  assert.match(await row.getAttribute('class') ?? '', /overdue/);
  await page.screenshot({ path: join(SCREENSHOTS, 'tasks.png'), fullPage: true });
  await assertAccessible(page, 'the tasks page (en, admin, an overdue task)');

  // Close the feedback task with a resolution: it leaves the open list; the state store has it closed.
  await page.goto(`${server.url}/tasks?lang=en&source=negative_sentiment`);
  const fbRow = page.locator(`[data-task-id="${feedback.id}"]`);
  await fbRow.getByTestId('task-resolution').fill('Called back; fixed the card form');
  await fbRow.getByTestId('task-close').click();
  await fbRow.waitFor({ state: 'detached' });
  const closed = await listServiceTasks(server.state, serviceTaskQuerySchema.parse({ status: 'closed' }));
  assert.deepEqual(closed.tasks.map((t) => [t.id, t.resolution]), [[feedback.id, 'Called back; fixed the card form']]);

  await page.goto(`${server.url}/tasks?lang=zh-CN&source=failed_payment`);
  await page.getByRole('heading', { level: 1, name: '服务任务' }).waitFor();
  await page.locator(`[data-task-id="${payment.id}"]`).getByText('已逾期').waitFor();
  await assertAccessible(page, 'the tasks page (zh-CN)');
  await page.close();
});
