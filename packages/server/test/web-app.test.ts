import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../src/app.js';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The web app end to end: a real `startServer` on 30k demo events, Debian's Chromium driving it.
const KEYS = { writeKey: 'tm_write_web_test_1234', readKey: 'tm_read_web_test_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-app browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;

const api = <T>(path: string, body: unknown) => readKeyCall<T>(server.url, KEYS.readKey, 'POST', path, body);

interface Cell { stage: string; channel: string; touchpoint: string; people: number }
const cellPeople = (page: Page, c: Cell) =>
  page.locator(`[data-testid="jm-cell"][data-stage="${c.stage}"][data-channel="${c.channel}"][data-touchpoint="${c.touchpoint}"] [data-testid="cell-people"]`).innerText();

useWebServer('trailmap-web-', skip, KEYS, (fx) => ({ server, browser } = fx));

test('journey map: real numbers from the API, pinned flags with evidence, persona in the URL, interactive time measured', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?lang=en`);
  await page.getByTestId('jm-ready').waitFor();
  const interactiveMs = await page.evaluate(() => performance.getEntriesByName('trailmap:journey-map-interactive')[0]?.startTime ?? null);
  assert.ok(interactiveMs !== null, 'the page marks when the map is interactive');
  console.log(`# journey map interactive after ${Math.round(interactiveMs)} ms from navigation start (Performance API mark; 30,000 demo events, 1280 px)`);

  const map = await api<{ cells: Cell[]; painPoints: unknown[]; opportunities: unknown[] }>('/v1/analytics/journey-map', {});
  const busiest = [...map.cells].sort((a, b) => b.people - a.people)[0]!;
  assert.equal(await cellPeople(page, busiest), busiest.people.toLocaleString('en'));
  assert.equal(await page.getByTestId('jm-cell').count(), map.cells.length);
  assert.equal(await page.getByTestId('flag-pain').count(), map.painPoints.length);
  assert.equal(await page.getByTestId('flag-opportunity').count(), map.opportunities.length);
  await page.getByTestId('emotion-chart').locator('canvas').waitFor();

  // The browser holds no key: the session cookie is HttpOnly (the page sees only the CSRF token)
  // and the page never saw the read key.
  assert.match(String(await page.evaluate('document.cookie')), /^trailmap_csrf=[\w-]{43}$/);
  assert.ok(!(await page.content()).includes(KEYS.readKey));

  // A pinned pain point shows its evidence on keyboard focus.
  const pin = page.locator('.pin.pain').first();
  await pin.focus();
  await assert.doesNotReject(pin.getByRole('tooltip').waitFor({ state: 'visible', timeout: 5000 }));
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-map.png'), fullPage: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-map-viewport.png') });

  // Persona: the choices come from the data; the choice goes into the URL and the map reloads.
  const select = page.getByTestId('persona-select');
  const persona = await select.locator('option').nth(1).getAttribute('value');
  assert.ok(persona, 'persona values are listed');
  await select.selectOption(persona);
  await page.waitForURL((u) => u.searchParams.get('persona') === persona);
  const seg = await api<{ cells: Cell[] }>('/v1/analytics/journey-map', { segment: [{ property: 'persona', op: 'eq', value: persona }] });
  const segBusiest = [...seg.cells].sort((a, b) => b.people - a.people)[0]!;
  await page.getByTestId('jm-ready').waitFor();
  await page.waitForFunction(`document.querySelectorAll('[data-testid="jm-cell"]').length === ${seg.cells.length}`);
  assert.equal(await cellPeople(page, segBusiest), segBusiest.people.toLocaleString('en'));

  // The shared URL opens the same view in a new page; tablet width still shows the map.
  const shared = await browser.newPage({ viewport: { width: 820, height: 1100 } });
  await shared.goto(page.url());
  await shared.getByTestId('jm-ready').waitFor();
  assert.equal(await shared.getByTestId('persona-select').inputValue(), persona);
  assert.equal(await cellPeople(shared, segBusiest), segBusiest.people.toLocaleString('en'));
  await shared.screenshot({ path: join(SCREENSHOTS, 'journey-map-tablet.png'), fullPage: true });
  await shared.close();
  await page.close();
});

test('language: ?lang=zh-CN switches every text, the switch is remembered, numbers stay the API\'s', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/`);
  await page.getByTestId('jm-ready').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Customer journey map');
  await page.getByTestId('lang-zh-CN').click();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '客户旅程地图');
  assert.equal(new URL(page.url()).searchParams.get('lang'), 'zh-CN');
  assert.equal(await page.evaluate('document.documentElement.lang'), 'zh-CN');
  // Remembered: a plain URL opens in Chinese.
  await page.goto(`${server.url}/`);
  await page.getByTestId('jm-ready').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '客户旅程地图');
  assert.ok((await page.locator('.stage-name').first().innerText()) === '认知');
  const map = await api<{ cells: Cell[] }>('/v1/analytics/journey-map', {});
  const busiest = [...map.cells].sort((a, b) => b.people - a.people)[0]!;
  assert.equal(await cellPeople(page, busiest), busiest.people.toLocaleString('zh-CN'));
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-map-zh-CN.png'), fullPage: true });
  // ?lang=en switches back.
  await page.goto(`${server.url}/?lang=en`);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Customer journey map');
  await ctx.close();
});

test('funnels: build a funnel from the data\'s touchpoints, see the bars and the API\'s counts', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('link', { name: 'Funnels' }).click();
  const steps = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'];
  for (const [i, s] of steps.entries()) await page.getByTestId(`funnel-step-${i + 1}`).selectOption(s);
  await page.getByTestId('funnel-ready').waitFor();
  await page.getByTestId('funnel-bars').locator('canvas').waitFor();
  const expected = await api<{ steps: Array<{ count: number }> }>('/v1/analytics/funnel', {
    steps: steps.map((touchpoint) => ({ touchpoint })),
    window: '7d',
    order: 'sequential',
    interval: 'week',
  });
  assert.deepEqual(await page.getByTestId('funnel-step-count').allInnerTexts(), expected.steps.map((s) => s.count.toLocaleString('en')));
  assert.ok(expected.steps[3]!.count > 0 && expected.steps[3]!.count < expected.steps[0]!.count, 'a funnel with drop-off');
  const url = new URL(page.url());
  assert.deepEqual(url.searchParams.getAll('step'), steps);
  await page.getByTestId('funnel-ttc').locator('canvas').waitFor();
  await page.getByTestId('funnel-over-time').locator('canvas').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'funnels.png'), fullPage: true });
  await page.close();
});

test('without a local session (TRAILMAP_WEB_SESSION=off) the app asks for the read key and refuses the write key', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const app = buildApp({ store: server.store, keys: server.keys, logLevel: 'silent', web: { session: false } });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${url}/?lang=en`);
    const key = page.getByRole('textbox', { name: 'Read key' });
    await key.waitFor();
    await key.fill(server.keys.writeKey!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'write key' }).waitFor();
    await key.fill(server.keys.readKey!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('jm-ready').waitFor();
    assert.match(String(await page.evaluate('document.cookie')), /^trailmap_csrf=[\w-]{43}$/);
    await page.close();
  } finally {
    await app.close();
  }
});
