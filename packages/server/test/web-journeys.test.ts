import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { JourneyDetail, JourneyListAnswer, JourneyMessagesAnswer, JourneyStats, JourneyValidation } from '@trailmap/core';
import { createAdmin } from '@trailmap/state';
import { hashPassword } from '../src/auth/password.js';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The journey builder end to end: a real `startServer` on demo data, the journeys API, Debian's
// Chromium. The read-only session is told editing needs an admin; an admin creates the abandoned
// cart from pasted JSON, sees its nodes and labelled edges on the canvas (laid out by depth, as the
// JSON has no positions), edits a step field, breaks an edge and sees the issue at that step and
// field (from the browser's schema and the server's validate endpoint), connects an edge by
// dragging, moves a node (saved into `ui`), saves, previews the email for a person, publishes,
// pauses and resumes; the live counts on the nodes are the stats API's; the messages page lists
// what GET /v1/messages has. In English, then the same pages in Chinese.
const KEYS = { writeKey: 'tm_write_web_journeys_1234', readKey: 'tm_read_web_journeys_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-journeys browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-journeys-', skip, KEYS, (fx) => ({ server, browser } = fx), 3000);

/** The abandoned-cart shape (docs/journeys/abandoned-cart.json, shortened), with no `ui` positions. */
const ABANDONED_CART = {
  name: 'Abandoned cart (web test)',
  trigger: { type: 'event', event: 'Product Added', correlate: 'cartId' },
  start: 'wait_for_order',
  steps: [
    { id: 'wait_for_order', type: 'waitForEvent', label: 'Order with this cart?', event: 'Order Completed', correlated: true, timeout: '4h', next: null, onTimeout: 'reminder_email' },
    {
      id: 'reminder_email',
      type: 'send',
      label: 'Reminder email',
      channel: 'email',
      template: {
        subject: { en: 'Your cart is waiting', zh: '您的购物车还在等您' },
        body: { en: '<p>Hi {{ person.traits.first_name | default: "there" }}, your cart is waiting.</p><script>parent.document.title = "pwned"</script>', zh: '<p>您好，您的购物车里还有商品。</p>' },
      },
      next: null,
    },
  ],
  goal: { event: 'Order Completed', correlated: true, within: '2d' },
  reentry: { policy: 'always' },
};

const node = (page: Page, stepId: string) => page.locator(`[data-testid="journey-node"][data-step-id="${stepId}"]`);
const edgeIds = async (page: Page) =>
  ((await page.evaluate(`[...document.querySelectorAll('[data-testid^="rf__edge-"]')].map((e) => e.dataset.testid.slice('rf__edge-'.length)).sort()`)) as string[]);
const centre = async (l: Locator) => {
  const b = await l.boundingBox();
  assert.ok(b, 'the element is on screen');
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
};
/** A mouse drag in small steps (React Flow's drag and connect listen to pointer moves). */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
}

test('journey builder: create the abandoned cart, canvas nodes and edges, edit, a broken edge shown, connect, move, save, preview, publish, pause/resume, messages; en and zh', { skip: skip ?? false, timeout: 300_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/journeys?lang=en`);
  await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor();
  await page.getByTestId('journeys-needs-admin').waitFor();
  assert.equal(await page.getByTestId('journey-create').count(), 0, 'the read-only session is offered no create form');
  assert.equal((await page.request.post(`${server.url}/v1/journeys`, { data: ABANDONED_CART, headers: { 'x-trailmap-csrf': await csrf(page) } })).status(), 403, 'and the API refuses it');

  const password = 'web journeys test password 7';
  assert.ok(await createAdmin(server.state, { name: 'jo', passwordHash: await hashPassword(password) }));
  const signIn = await page.request.post(`${server.url}/web/admin-session`, { data: { name: 'jo', password }, headers: { 'x-trailmap-csrf': await csrf(page) } });
  assert.equal(signIn.status(), 204, await signIn.text());

  // Create from pasted JSON: a bad paste is refused with the server's message, the good one opens the builder.
  await page.goto(`${server.url}/journeys?lang=en`);
  await page.getByTestId('journey-create-mode-json').check();
  const textarea = page.locator('textarea[data-testid="journey-create-json"]');
  await textarea.fill(JSON.stringify({ ...ABANDONED_CART, start: 'nowhere' }));
  await page.getByTestId('journey-create-submit').click();
  await page.getByTestId('journey-create-error').filter({ hasText: 'nowhere' }).waitFor();
  await textarea.fill(JSON.stringify(ABANDONED_CART, null, 2));
  await page.getByTestId('journey-create-submit').click();
  await page.waitForURL(/\/journeys\/[^/?]+\?lang=en$/);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  const api = async <T>(path: string) => {
    const res = await page.request.get(`${server.url}${path}`);
    assert.equal(res.status(), 200, await res.text());
    return (await res.json()) as T;
  };
  let detail = await api<JourneyDetail>(`/v1/journeys/${encodeURIComponent(id)}`);
  assert.equal(detail.name, ABANDONED_CART.name);
  assert.equal(detail.status, 'draft');

  // The canvas: the trigger and one node per step; edges from the trigger to the start and the timeout edge.
  await page.getByTestId('journey-canvas').waitFor();
  await node(page, 'reminder_email').waitFor();
  const ids = (await page.evaluate(`[...document.querySelectorAll('[data-testid="journey-node"]')].map((n) => n.dataset.stepId).sort()`)) as string[];
  assert.deepEqual(ids, ['__trigger', 'reminder_email', 'wait_for_order']);
  assert.deepEqual(await edgeIds(page), ['__trigger:start', 'wait_for_order:onTimeout']);
  assert.match(await node(page, '__trigger').innerText(), /Product Added, correlated by cartId/);
  assert.match(await node(page, 'wait_for_order').innerText(), /Wait for an event[\s\S]*Order with this cart\?[\s\S]*Order Completed, up to 4h/);
  assert.match(await node(page, 'reminder_email').innerText(), /Send a message[\s\S]*Email · Your cart is waiting/);
  await page.locator('[data-testid="rf__edge-wait_for_order:onTimeout"]').getByText('timeout').waitFor();
  // Laid out by depth from the start: trigger above the wait, the wait above the email.
  const [yT, yW, yE] = await Promise.all(['__trigger', 'wait_for_order', 'reminder_email'].map(async (s) => (await centre(node(page, s))).y));
  assert.ok(yT! < yW! && yW! < yE!, `layered top to bottom: ${yT} < ${yW} < ${yE}`);
  await page.getByTestId('journey-valid').filter({ hasText: 'No issues' }).waitFor();
  await page.getByTestId('lifecycle').and(page.locator('[data-dirty="false"]')).waitFor();

  // Edit a step field: the timeout.
  await node(page, 'wait_for_order').click();
  await page.getByTestId('step-form').and(page.locator('[data-step-id="wait_for_order"]')).waitFor();
  await page.getByTestId('step-field-timeout').fill('6h');
  await node(page, 'wait_for_order').getByText('Order Completed, up to 6h').waitFor();
  await page.getByTestId('unsaved').waitFor();

  // A broken edge: the issue is at the step and its field, from the browser's schema and the server's validate endpoint.
  const validated = page.waitForResponse((r) => r.url().endsWith('/v1/journeys/validate') && r.request().method() === 'POST' && (r.request().postData() ?? '').includes('nowhere'));
  await page.getByTestId('step-field-onTimeout').fill('nowhere');
  const issue = page.locator('[data-testid="journey-issue"][data-step-id="wait_for_order"][data-path="steps.0.onTimeout"]');
  await issue.filter({ hasText: 'no step has the id "nowhere"' }).first().waitFor();
  const server400 = (await (await validated).json()) as JourneyValidation;
  assert.equal(server400.valid, false, 'the server finds the broken edge too');
  assert.ok(server400.issues.some((i) => /nowhere/.test(i.message)), JSON.stringify(server400.issues));
  await page.getByTestId('step-form').getByTestId('field-issue').filter({ hasText: 'nowhere' }).waitFor();
  assert.equal(await node(page, 'wait_for_order').getAttribute('data-issues'), '1');
  assert.ok(await page.getByTestId('journey-publish').isDisabled(), 'no publishing with issues');
  assert.deepEqual(await edgeIds(page), ['__trigger:start'], 'the broken edge is not drawn');
  await page.getByTestId('step-field-onTimeout').fill('reminder_email');
  await page.getByTestId('journey-valid').filter({ hasText: 'No issues' }).waitFor();

  // Connect by dragging: the wait's "event" handle onto the email node (an order also gets the email, for the test's sake).
  await page.getByTestId('journey-canvas').locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
  const handle = node(page, 'wait_for_order').locator('.react-flow__handle[data-handleid="next"]');
  await drag(page, await centre(handle), await centre(node(page, 'reminder_email').locator('.react-flow__handle.target')));
  await page.locator('[data-testid="rf__edge-wait_for_order:next"]').waitFor();
  assert.deepEqual(await edgeIds(page), ['__trigger:start', 'wait_for_order:next', 'wait_for_order:onTimeout']);

  // Move the email node: its place goes into `ui`.
  const before = await centre(node(page, 'reminder_email').locator('.jnode-title'));
  await drag(page, before, { x: before.x + 160, y: before.y + 40 });
  await page.getByTestId('journey-save').click();
  await page.getByTestId('lifecycle-done').filter({ hasText: 'Draft saved.' }).waitFor();
  await page.getByTestId('lifecycle').and(page.locator('[data-dirty="false"]')).waitFor();
  await page.getByTestId('unpublished').waitFor();
  detail = await api<JourneyDetail>(`/v1/journeys/${encodeURIComponent(id)}`);
  const wait = detail.definition.steps.find((s) => s.id === 'wait_for_order')!;
  assert.ok(wait.type === 'waitForEvent');
  assert.equal(wait.timeout, '6h', 'the edited field is saved');
  assert.equal(wait.next, 'reminder_email', 'the dragged edge is saved');
  assert.equal(wait.onTimeout, 'reminder_email');
  const email = detail.definition.steps.find((s) => s.id === 'reminder_email')!;
  assert.ok(email.ui && email.ui.x > 20, `the moved node's place (laid out at x = 0, dragged right) is saved in ui: ${JSON.stringify(email.ui)}`);
  assert.equal(detail.unpublishedChanges, true);

  // Template preview for a person: the HTML body in a sandboxed iframe (its script does not run).
  const { people } = await readKeyCall<{ people: Array<{ personId: string }> }>(server.url, KEYS.readKey, 'GET', '/v1/people?limit=1');
  assert.ok(people[0], 'the demo has people');
  await node(page, 'reminder_email').locator('.jnode-title').click();
  await page.getByTestId('preview-person').fill(people[0].personId);
  await page.getByTestId('preview-submit').click();
  await page.getByTestId('preview-result').waitFor();
  const zh = (await page.getByTestId('preview-result').getAttribute('data-locale'))?.startsWith('zh');
  assert.equal(await page.getByTestId('preview-subject').innerText(), zh ? '您的购物车还在等您' : 'Your cart is waiting');
  const frame = page.getByTestId('preview-frame');
  assert.equal(await frame.getAttribute('sandbox'), '', 'the iframe is sandboxed with no permissions');
  assert.match((await frame.getAttribute('srcdoc')) ?? '', zh ? /购物车里还有商品/ : /your cart is waiting/);
  assert.notEqual(await page.title(), 'pwned', 'the body\'s script did not run in the app');
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-builder.png'), fullPage: true });

  // Publish, pause, resume.
  await page.getByTestId('journey-publish').click();
  await page.getByTestId('lifecycle').and(page.locator('[data-status="live"]')).waitFor();
  await page.getByTestId('live-version').filter({ hasText: 'live: v1' }).waitFor();
  assert.equal(await page.getByTestId('unpublished').count(), 0);
  detail = await api<JourneyDetail>(`/v1/journeys/${encodeURIComponent(id)}`);
  assert.equal(detail.status, 'live');
  assert.equal(detail.liveVersion, 1);
  await page.getByTestId('journey-pause').click();
  await page.getByTestId('lifecycle').and(page.locator('[data-status="paused"]')).waitFor();
  await page.getByTestId('journey-resume').click();
  await page.getByTestId('lifecycle').and(page.locator('[data-status="live"]')).waitFor();
  assert.equal((await api<JourneyDetail>(`/v1/journeys/${encodeURIComponent(id)}`)).status, 'live');

  // The live counts on the nodes are the stats API's.
  await page.reload();
  await node(page, 'wait_for_order').waitFor();
  const stats = await api<JourneyStats>(`/v1/journeys/${encodeURIComponent(id)}/stats`);
  for (const s of ['wait_for_order', 'reminder_email']) {
    const want = stats.steps.find((x) => x.stepId === s);
    const counts = node(page, s).getByTestId('node-counts');
    assert.equal(await counts.getAttribute('data-reached'), want ? String(want.reached) : '', `${s}: reached as the API says`);
    assert.equal(await counts.getAttribute('data-waiting'), want ? String(want.waiting) : '', `${s}: waiting as the API says`);
  }
  await page.getByTestId('stat-entered').and(page.locator(`[data-value="${stats.entered}"]`)).waitFor();

  // The list shows it live, the messages page lists this journey's messages as the API has them.
  await page.goto(`${server.url}/journeys?lang=en`);
  const row = page.locator(`[data-testid="journey-row"][data-journey-id="${id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-status'), 'live');
  assert.match(await row.innerText(), /Abandoned cart \(web test\)\s+Live\s+v1\s+Event/);
  const list = await api<JourneyListAnswer>('/v1/journeys');
  assert.deepEqual(
    (await page.evaluate(`[...document.querySelectorAll('[data-testid="journey-row"]')].map((r) => r.dataset.journeyId)`)) as string[],
    list.journeys.map((j) => j.id),
  );
  await row.getByTestId('journey-link').click();
  await page.getByTestId('builder-messages-link').click();
  await page.waitForURL(/\/messages\?journeyId=/);
  await page.getByRole('heading', { level: 1, name: `Messages of “${ABANDONED_CART.name}”` }).waitFor();
  await page.getByTestId('messages-ready').waitFor();
  const messages = await api<JourneyMessagesAnswer>(`/v1/messages?journeyId=${encodeURIComponent(id)}&limit=50`);
  assert.equal(await page.getByTestId('messages-ready').getAttribute('data-count'), String(messages.messages.length));
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-messages.png'), fullPage: true });

  // Chinese: the builder's labels and edges, the messages page.
  await page.goto(`${server.url}/journeys/${encodeURIComponent(id)}?lang=zh-CN`);
  await node(page, 'wait_for_order').waitFor();
  assert.match(await node(page, 'wait_for_order').innerText(), /等待事件[\s\S]*Order Completed，最长 6h/);
  assert.match(await node(page, '__trigger').innerText(), /触发条件[\s\S]*Product Added，按 cartId 关联/);
  await page.locator('[data-testid="rf__edge-wait_for_order:onTimeout"]').getByText('超时').waitFor();
  await page.getByTestId('lifecycle').getByText('运行中').waitFor();
  await page.getByTestId('journey-valid').filter({ hasText: '没有问题' }).waitFor();
  await node(page, 'wait_for_order').click();
  await page.getByTestId('step-field-timeout').fill('abc');
  await page.getByTestId('journey-issue').first().waitFor();
  assert.match(await page.getByTestId('journey-issues').innerText(), /校验[\s\S]*步骤 wait_for_order，timeout/);
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-builder-zh.png'), fullPage: true });
  await page.getByTestId('step-field-timeout').fill('6h');

  // Add a step of another type (placed below, selected), then delete steps from the keyboard: edges into them end the run.
  await page.getByTestId('add-step-type').selectOption('setTrait');
  await page.getByTestId('add-step').click();
  await node(page, 'setTrait_1').waitFor();
  await page.getByTestId('step-form').and(page.locator('[data-step-id="setTrait_1"]')).waitFor();
  await node(page, 'reminder_email').locator('.jnode-title').click();
  await page.keyboard.press('Delete');
  await node(page, 'reminder_email').waitFor({ state: 'detached' });
  assert.deepEqual(await edgeIds(page), ['__trigger:start'], 'the edges into the deleted step are gone');
  await page.getByTestId('journey-valid').waitFor();
  // The JSON view shows the draft; an edited definition is applied (here: the email back, after the wait's timeout).
  await page.getByTestId('builder-view-json').click();
  const draft = JSON.parse(await page.getByTestId('json-text').inputValue()) as { steps: Array<{ id: string; onTimeout?: string | null }> };
  assert.deepEqual(draft.steps.map((s) => s.id), ['wait_for_order', 'setTrait_1']);
  draft.steps[0]!.onTimeout = 'reminder_email';
  draft.steps.push(detail.definition.steps.find((s) => s.id === 'reminder_email') as unknown as { id: string });
  await page.getByTestId('json-text').fill(JSON.stringify({ ...draft, steps: draft.steps }));
  await page.getByTestId('json-apply').click();
  await page.getByTestId('builder-view-canvas').click();
  await node(page, 'reminder_email').waitFor();
  assert.deepEqual(await edgeIds(page), ['__trigger:start', 'wait_for_order:onTimeout']);
  await page.goto(`${server.url}/messages?lang=zh-CN`);
  await page.getByRole('heading', { level: 1, name: '消息' }).waitFor();
  await page.getByTestId('messages-ready').waitFor();
  await page.goto(`${server.url}/journeys?lang=zh-CN`);
  await page.getByRole('heading', { level: 1, name: '旅程编排' }).waitFor();
  assert.match(await page.locator(`[data-testid="journey-row"][data-journey-id="${id}"]`).innerText(), /运行中\s+第 1 版\s+事件/);
  assert.deepEqual(errors, [], 'no page errors');
  await page.close();
});

/** The session's CSRF cookie, which a write must echo (as the app's client does). */
async function csrf(page: Page): Promise<string> {
  return (await page.context().cookies()).find((c) => c.name === 'trailmap_csrf')?.value ?? '';
}

test('messages view and live counts: a published journey runs for people sent through /v1/track; the canvas shows its counts and the messages page its messages, filtered and paged with the cursor, as the API has them; en and zh', { skip: skip ?? false, timeout: 300_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/messages?lang=en`);
  await page.getByTestId('messages-ready').waitFor();
  const password = 'web journeys messages password 8';
  assert.ok(await createAdmin(server.state, { name: 'mo', passwordHash: await hashPassword(password) }));
  const signIn = await page.request.post(`${server.url}/web/admin-session`, { data: { name: 'mo', password }, headers: { 'x-trailmap-csrf': await csrf(page) } });
  assert.equal(signIn.status(), 204, await signIn.text());
  const write = async (method: 'POST' | 'PUT', path: string, data: unknown, status = 200) => {
    const res = await page.request.fetch(`${server.url}${path}`, { method, data, headers: { 'x-trailmap-csrf': await csrf(page) } });
    assert.equal(res.status(), status, await res.text());
    return (await res.json()) as JourneyDetail;
  };
  // Two in-app messages per person: a transactional one (no consent check) and a marketing one.
  const created = await write('POST', '/v1/journeys', {
    name: 'Welcome (web test)',
    trigger: { type: 'event', event: 'Web Test Signed Up' },
    start: 'hello',
    steps: [
      { id: 'hello', type: 'send', channel: 'inapp', transactional: true, template: { subject: { en: 'Welcome' }, body: { en: 'Hello {{ person.id }}' } }, next: 'offer' },
      { id: 'offer', type: 'send', channel: 'inapp', template: { subject: { en: 'An offer' }, body: { en: '10% off' } }, next: null },
    ],
    reentry: { policy: 'always' },
  }, 201);
  await write('POST', `/v1/journeys/${encodeURIComponent(created.id)}/publish`, {});
  const PEOPLE = 30;
  const auth = `Basic ${Buffer.from(`${KEYS.writeKey}:`).toString('base64')}`;
  for (let i = 0; i < PEOPLE; i++) {
    const res = await fetch(`${server.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify({ userId: `web-journeys-${i}`, event: 'Web Test Signed Up', messageId: `web-journeys-signup-${i}` }) });
    assert.equal(res.status, 200, await res.text());
  }
  const api = async <T>(path: string) => {
    const res = await page.request.get(`${server.url}${path}`);
    assert.equal(res.status(), 200, await res.text());
    return (await res.json()) as T;
  };
  // The worker and sender inside the server take the events in: wait until every person got both messages.
  const all = async () => {
    const out: JourneyMessagesAnswer['messages'] = [];
    let cursor: string | null = null;
    do {
      const page: JourneyMessagesAnswer = await api<JourneyMessagesAnswer>(`/v1/messages?journeyId=${encodeURIComponent(created.id)}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      out.push(...page.messages);
      cursor = page.next;
    } while (cursor);
    return out;
  };
  const deadline = Date.now() + 120_000;
  let messages = await all();
  while ((messages.length < 2 * PEOPLE || messages.some((m) => m.status === 'queued' || m.status === 'sending')) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    messages = await all();
  }
  assert.equal(messages.length, 2 * PEOPLE, `two messages per person: ${JSON.stringify(messages.map((m) => [m.personId, m.stepId, m.status]).slice(0, 6))}`);

  // The canvas's counts are the stats API's (every person reached both steps).
  const stats = await api<JourneyStats>(`/v1/journeys/${encodeURIComponent(created.id)}/stats`);
  assert.equal(stats.entered, PEOPLE);
  await page.goto(`${server.url}/journeys/${encodeURIComponent(created.id)}?lang=en`);
  for (const s of ['hello', 'offer']) {
    const want = stats.steps.find((x) => x.stepId === s)!;
    assert.equal(want.reached, PEOPLE, `${s} reached by everyone`);
    await node(page, s).getByTestId('node-counts').filter({ hasText: `reached ${PEOPLE} · waiting ${want.waiting}` }).waitFor();
  }
  await page.getByTestId('stat-entered').and(page.locator(`[data-value="${PEOPLE}"]`)).waitFor();

  // The messages page from the builder: the first 50, then the older ones through the cursor, newest first as the API orders them.
  await page.getByTestId('builder-messages-link').click();
  await page.getByTestId('messages-ready').and(page.locator('[data-count="50"]')).waitFor();
  const rows = async () => (await page.evaluate(`[...document.querySelectorAll('[data-testid="message-row"]')].map((r) => [r.dataset.id, r.dataset.status, r.dataset.stepId])`)) as Array<[string, string, string]>;
  const first = await api<JourneyMessagesAnswer>(`/v1/messages?journeyId=${encodeURIComponent(created.id)}&limit=50`);
  assert.deepEqual(await rows(), first.messages.map((m) => [m.id, m.status, m.stepId]));
  assert.ok(first.next, 'a second page');
  await page.getByTestId('messages-older').click();
  await page.getByTestId('messages-ready').and(page.locator(`[data-count="${2 * PEOPLE}"]`)).waitFor();
  messages = await all();
  assert.deepEqual(await rows(), messages.map((m) => [m.id, m.status, m.stepId]), 'both pages, in the API\'s order');
  assert.equal(await page.getByTestId('messages-older').count(), 0, 'no page after the last');
  const hello = messages.find((m) => m.stepId === 'hello')!;
  const row = page.locator(`[data-testid="message-row"][data-id="${hello.id}"]`);
  assert.match(await row.innerText(), new RegExp(`transactional[\\s\\S]*In-app[\\s\\S]*${hello.personId}[\\s\\S]*Welcome \\(web test\\)[\\s\\S]*hello`));
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-messages.png'), fullPage: true });

  // Filters: by status (one the API has) and by person, in the address.
  const offer = messages.find((m) => m.stepId === 'offer')!;
  const status = offer.status;
  await page.getByTestId('messages-status').selectOption(status);
  await page.getByTestId('messages-person').fill(offer.personId);
  await page.getByTestId('messages-apply').click();
  await page.waitForURL(/status=/);
  const filtered = await api<JourneyMessagesAnswer>(`/v1/messages?journeyId=${encodeURIComponent(created.id)}&status=${status}&personId=${encodeURIComponent(offer.personId)}&limit=50`);
  assert.ok(filtered.messages.length >= 1, 'the API finds the person\'s message with that status');
  await page.getByTestId('messages-ready').and(page.locator(`[data-count="${filtered.messages.length}"]`)).waitFor();
  assert.deepEqual(await rows(), filtered.messages.map((m) => [m.id, m.status, m.stepId]));

  // Chinese: the same table, labels translated.
  await page.goto(`${server.url}/messages?lang=zh-CN&journeyId=${encodeURIComponent(created.id)}&status=${status}`);
  await page.getByRole('heading', { level: 1, name: '“Welcome (web test)”的消息' }).waitFor();
  await page.getByTestId('messages-ready').waitFor();
  const zhHead = await page.getByTestId('messages-table').locator('thead').innerText();
  assert.match(zhHead, /排队时间[\s\S]*状态[\s\S]*原因[\s\S]*渠道[\s\S]*人员/);
  assert.match(await page.getByTestId('messages-table').locator('tbody tr').first().innerText(), /应用内/);
  assert.deepEqual(errors, [], 'no page errors');
  await page.close();
});

test('holdout comparison: a split with a holdout, people entering and some reaching the goal; the panel shows the arms and the uplift as the stats API has them; en and zh', { skip: skip ?? false, timeout: 300_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`${server.url}/journeys?lang=en`);
  await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor();
  const password = 'web journeys holdout password 9';
  assert.ok(await createAdmin(server.state, { name: 'ho', passwordHash: await hashPassword(password) }));
  const signIn = await page.request.post(`${server.url}/web/admin-session`, { data: { name: 'ho', password }, headers: { 'x-trailmap-csrf': await csrf(page) } });
  assert.equal(signIn.status(), 204, await signIn.text());
  const post = async (path: string, data: unknown, status: number) => {
    const res = await page.request.post(`${server.url}${path}`, { data, headers: { 'x-trailmap-csrf': await csrf(page) } });
    assert.equal(res.status(), status, await res.text());
    return (await res.json()) as JourneyDetail;
  };
  const j = await post('/v1/journeys', {
    name: 'Holdout (web test)',
    trigger: { type: 'event', event: 'Web Test Browsed' },
    start: 'ab',
    steps: [
      { id: 'ab', type: 'split', variants: [{ id: 'treated', percent: 50, next: 'nudge' }], holdout: 50 },
      { id: 'nudge', type: 'send', channel: 'inapp', transactional: true, template: { body: { en: 'Still looking?' } }, next: null },
    ],
    goal: { event: 'Web Test Bought', correlated: false, within: '7d' },
  }, 201);
  await post(`/v1/journeys/${encodeURIComponent(j.id)}/publish`, {}, 200);
  const auth = `Basic ${Buffer.from(`${KEYS.writeKey}:`).toString('base64')}`;
  const track = async (userId: string, event: string, messageId: string) => {
    const res = await fetch(`${server.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify({ userId, event, messageId }) });
    assert.equal(res.status, 200, await res.text());
  };
  const stats = () => readKeyCall<JourneyStats>(server.url, KEYS.readKey, 'GET', `/v1/journeys/${encodeURIComponent(j.id)}/stats`);
  const until = async (what: string, ok: (s: JourneyStats) => boolean) => {
    const deadline = Date.now() + 120_000;
    let s = await stats();
    while (!ok(s) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      s = await stats();
    }
    assert.ok(ok(s), `${what}: ${JSON.stringify({ entered: s.entered, arms: s.arms, uplift: s.holdoutUplift })}`);
    return s;
  };
  const PEOPLE = 40;
  for (let i = 0; i < PEOPLE; i++) await track(`web-holdout-${i}`, 'Web Test Browsed', `web-holdout-browse-${i}`);
  await until('everyone entered and was assigned an arm', (s) => s.entered === PEOPLE && s.arms.reduce((a, x) => a + x.people, 0) === PEOPLE);
  for (let i = 0; i < 12; i++) await track(`web-holdout-${i}`, 'Web Test Bought', `web-holdout-buy-${i}`);
  const s = await until('the twelve buyers reached the goal', (x) => x.arms.reduce((a, arm) => a + arm.goal, 0) === 12);
  assert.ok(s.arms.some((a) => a.variant === 'holdout') && s.arms.some((a) => a.variant === 'treated'), JSON.stringify(s.arms));

  await page.goto(`${server.url}/journeys/${encodeURIComponent(j.id)}?lang=en`);
  await page.getByTestId('holdout-panel').waitFor();
  const pct = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
  for (const arm of s.arms) {
    const row = page.locator(`[data-testid="holdout-arm"][data-variant="${arm.variant}"]`);
    assert.deepEqual((await row.innerText()).split('\t').map((c) => c.trim()), [arm.variant === 'holdout' ? 'Holdout' : arm.variant, String(arm.people), String(arm.goal), arm.rate === null ? '–' : pct.format(arm.rate)]);
  }
  assert.equal(await page.locator('[data-testid="holdout-arm"]').count(), s.arms.length);
  const uplift = s.holdoutUplift;
  const points = uplift === null ? null : `${uplift >= 0 ? '+' : ''}${new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(uplift * 100)}`;
  assert.equal(await page.getByTestId('holdout-uplift').innerText(), points === null ? 'No uplift yet: it needs people in the holdout and in a treatment arm.' : `Uplift over the holdout: ${points} percentage points`);
  await node(page, 'ab').getByText('treated 50% · holdout 50%').waitFor();
  await page.locator('[data-testid="rf__edge-ab:variants.0.next"]').getByText('treated 50%').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-holdout.png'), fullPage: true });

  await page.goto(`${server.url}/journeys/${encodeURIComponent(j.id)}?lang=zh-CN`);
  await page.getByTestId('holdout-panel').getByRole('heading', { name: '对照组比较' }).waitFor();
  assert.match(await page.locator('[data-testid="holdout-arm"][data-variant="holdout"]').innerText(), /^对照组\t/);
  assert.match(await page.getByTestId('holdout-uplift').innerText(), uplift === null ? /暂无提升数据/ : /相对对照组的提升：.* 个百分点/);
  await page.close();
});
