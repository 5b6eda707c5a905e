import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The funnel page's drop-off list end to end: a real `startServer` on 30k demo events, Chromium.
const KEYS = { writeKey: 'tm_write_web_dropoff_1234', readKey: 'tm_read_web_dropoff_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-funnel-dropoff browser tests skipped: ${skip}`);

const STEPS = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'];
const FUNNEL = { steps: STEPS.map((touchpoint) => ({ touchpoint })), window: '7d', order: 'sequential', interval: 'week' };

interface Funnel {
  steps: Array<{ index: number; count: number; dropOff: number }>;
  dropOff?: { step: number; count: number; people: string[] };
}

let server: StartedServer;
let browser: Browser;

const funnel = (extra: Record<string, unknown>) => readKeyCall<Funnel>(server.url, KEYS.readKey, 'POST', '/v1/analytics/funnel', { ...FUNNEL, ...extra });

// (The server's tsconfig has no DOM types: elements are read through minimal shapes.)
type El = { getAttribute(name: string): string | null };
type Canvas = {
  width: number;
  height: number;
  getBoundingClientRect(): { left: number; top: number; width: number };
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
};
const listedIds = (page: Page) => page.getByTestId('dropoff-person').evaluateAll((els) => els.map((e) => (e as unknown as El).getAttribute('data-person-id')));
const dropOffParam = (page: Page) => new URL(page.url()).searchParams.get('dropoff');

/** The CSS pixel at the middle of step `n`'s drop-off bar, found by its colour on the canvas. */
async function dropOffBarPoint(page: Page, n: number, steps: number): Promise<{ x: number; y: number }> {
  const p = await page.getByTestId('funnel-bars').locator('canvas').evaluate(
    (el, { n, steps }) => {
      const canvas = el as unknown as Canvas;
      const r = canvas.getBoundingClientRect();
      const scale = canvas.width / r.width;
      // The chart's grid: 48 px left, 16 px right (funnel-charts.tsx); one category per step.
      const cssX = 48 + (n - 0.5) * ((r.width - 64) / steps);
      const x = Math.round(cssX * scale);
      const data = canvas.getContext('2d')!.getImageData(x, 0, 1, canvas.height).data;
      const rows: number[] = [];
      for (let y = 0; y < canvas.height; y++) {
        const [R, G, B] = [data[y * 4] ?? 0, data[y * 4 + 1] ?? 0, data[y * 4 + 2] ?? 0];
        if (Math.abs(R - 0xe8) < 6 && Math.abs(G - 0xa3) < 6 && Math.abs(B - 0xa3) < 6) rows.push(y);
      }
      if (rows.length === 0) return null;
      const mid = rows[Math.floor(rows.length / 2)]!;
      return { x: r.left + cssX, y: r.top + mid / scale, rows: rows.length / scale };
    },
    { n, steps },
  );
  assert.ok(p, `step ${n}'s drop-off bar is drawn in the drop-off colour`);
  assert.ok(p.rows >= 3, `step ${n}'s drop-off bar is tall enough to click (${p.rows} px)`);
  return p;
}

useWebServer('trailmap-web-dropoff-', skip, KEYS, (fx) => ({ server, browser } = fx));

test('funnel drop-off: click step 2\'s drop-off, the API\'s people are listed, the URL keeps it, a person opens in People', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/funnels?lang=en`);
  for (const [i, s] of STEPS.entries()) await page.getByTestId(`funnel-step-${i + 1}`).selectOption(s);
  await page.getByTestId('funnel-ready').waitFor();
  await page.getByTestId('funnel-bars').locator('canvas').waitFor();
  assert.equal(dropOffParam(page), null, 'no drop-off open yet');

  const step2 = await funnel({ dropOffStep: 2, dropOffLimit: 100 });
  const d2 = step2.dropOff!;
  assert.equal(d2.step, 2);
  assert.equal(d2.count, step2.steps[1]!.dropOff, 'the API: the listed count is step 2\'s drop-off');
  assert.ok(d2.count > 0 && d2.people.length === Math.min(100, d2.count), `a funnel with drop-off at step 2 (${d2.count})`);
  console.log(`# step 2 drop-off: ${d2.count} people (30,000 demo events), first ${d2.people[0]}`);

  // Step 2's drop-off (mouse click on its button): the count and the ids equal the API's, in its order.
  const button2 = page.getByTestId('funnel-dropoff-2');
  assert.equal(await button2.innerText(), `Dropped off ${d2.count.toLocaleString('en')}`);
  assert.equal(await button2.getAttribute('aria-expanded'), 'false');
  await button2.click();
  await page.getByTestId('dropoff-person').first().waitFor();
  assert.equal(dropOffParam(page), '2', 'the selected drop-off step is in the URL');
  assert.equal(await button2.getAttribute('aria-expanded'), 'true');
  const panel = page.getByTestId('dropoff-panel');
  assert.equal(await panel.getByRole('heading').innerText(), 'Dropped off before step 2: Product Added');
  assert.equal(
    await page.getByTestId('dropoff-summary').innerText(),
    `${d2.count.toLocaleString('en')} people reached step 1 (Product Viewed) but not step 2 (Product Added) within the window.`,
  );
  assert.match(await page.getByTestId('dropoff-shown').innerText(), new RegExp(`^Showing ${d2.people.length.toLocaleString('en')} of ${d2.count.toLocaleString('en')},`));
  const ids = await listedIds(page);
  assert.deepEqual(ids.slice(0, 5), d2.people.slice(0, 5), 'the first ids are the API\'s');
  assert.deepEqual(ids, d2.people, 'every listed id is the API\'s, in its order');
  await page.screenshot({ path: join(SCREENSHOTS, 'funnel-dropoff.png'), fullPage: true });

  // "Show more" asks for up to 100 more (dropoffLimit in the URL) when there are more.
  if (d2.count > 100) {
    const limit = Math.min(200, d2.count);
    assert.equal(await page.getByTestId('dropoff-more').innerText(), `Show ${limit - 100} more`);
    await page.getByTestId('dropoff-more').click();
    await page.waitForURL((u) => u.searchParams.get('dropoffLimit') === String(limit));
    const more = await funnel({ dropOffStep: 2, dropOffLimit: limit });
    assert.equal(more.dropOff!.people.length, limit);
    await page.waitForFunction(`document.querySelectorAll('[data-testid="dropoff-person"]').length === ${more.dropOff!.people.length}`);
    assert.deepEqual(await listedIds(page), more.dropOff!.people);
  }

  // The keyboard: Enter on step 3's drop-off lists step 3's people; Enter again closes the list.
  const step3 = await funnel({ dropOffStep: 3, dropOffLimit: 100 });
  await page.getByTestId('funnel-dropoff-3').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('dropoff') === '3');
  assert.equal(new URL(page.url()).searchParams.get('dropoffLimit'), null, 'another step starts at the first page');
  await page.locator('[data-testid="dropoff-panel"][data-step="3"] [data-testid="dropoff-person"]').first().waitFor();
  assert.deepEqual((await listedIds(page)).slice(0, 5), step3.dropOff!.people.slice(0, 5));
  assert.match(await page.getByTestId('dropoff-summary').innerText(), new RegExp(`^${step3.dropOff!.count.toLocaleString('en')} people reached step 2`));
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.searchParams.has('dropoff'));
  await panel.waitFor({ state: 'detached' });

  // The chart: clicking step 2's drop-off bar opens the same list.
  const point = await dropOffBarPoint(page, 2, STEPS.length);
  await page.mouse.click(point.x, point.y);
  await page.waitForURL((u) => u.searchParams.get('dropoff') === '2');
  await page.locator('[data-testid="dropoff-panel"][data-step="2"] [data-testid="dropoff-person"]').first().waitFor();
  assert.deepEqual((await listedIds(page)).slice(0, 5), d2.people.slice(0, 5));
  const shared = page.url();
  await page.close();

  // The shared URL reopens the list at tablet width; a person link opens their profile in People.
  const tablet = await browser.newPage({ viewport: { width: 820, height: 1100 } });
  await tablet.goto(shared);
  await tablet.getByTestId('dropoff-person').first().waitFor();
  assert.deepEqual((await listedIds(tablet)).slice(0, 5), d2.people.slice(0, 5));
  await tablet.screenshot({ path: join(SCREENSHOTS, 'funnel-dropoff-tablet.png'), fullPage: true });
  const person = d2.people[0]!;
  await tablet.locator(`[data-testid="dropoff-person"][data-person-id="${person}"]`).click();
  await tablet.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('person') === person);
  const profile = tablet.locator(`[data-testid="profile"][data-person-id="${person}"]`);
  await profile.waitFor();
  const api = await readKeyCall<{ id: string; identities: unknown[] }>(server.url, KEYS.readKey, 'GET', `/v1/profiles/${encodeURIComponent(person)}`);
  assert.equal(api.id, person);
  await profile.getByTestId('profile-identities').waitFor();
  await tablet.screenshot({ path: join(SCREENSHOTS, 'funnel-dropoff-person.png'), fullPage: true });
  // Back returns to the funnel with the list still open.
  await tablet.goBack();
  await tablet.getByTestId('dropoff-person').first().waitFor();
  assert.equal(dropOffParam(tablet), '2');
  await tablet.close();
});

test('funnel drop-off in Chinese: heading, summary and zh-CN numbers', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  const q = new URLSearchParams([...STEPS.map((s): [string, string] => ['step', s]), ['window', '7d'], ['order', 'sequential'], ['dropoff', '4'], ['lang', 'zh-CN']]);
  await page.goto(`${server.url}/funnels?${q}`);
  const step4 = await funnel({ dropOffStep: 4, dropOffLimit: 100 });
  await page.getByTestId('dropoff-person').first().waitFor();
  assert.equal(await page.getByTestId('dropoff-panel').getByRole('heading').innerText(), '在第 4 步之前流失：Order Completed');
  assert.ok((await page.getByTestId('dropoff-summary').innerText()).startsWith(`${step4.dropOff!.count.toLocaleString('zh-CN')} 人在窗口期内到达了第 3 步`));
  assert.deepEqual((await listedIds(page)).slice(0, 5), step4.dropOff!.people.slice(0, 5));
  await page.screenshot({ path: join(SCREENSHOTS, 'funnel-dropoff-zh-CN.png'), fullPage: true });
  await ctx.close();
});

test('funnel breakdown by a step-1 property typed by name: the table is the API\'s, the choice is in the URL', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${server.url}/funnels?lang=en&${STEPS.map((s) => `step=${encodeURIComponent(s)}`).join('&')}&window=7d`);
    await page.getByTestId('fn-breakdown-kind').selectOption('property');
    await page.getByTestId('fn-breakdown-name').fill('category');
    await page.getByTestId('fn-breakdown-name').press('Enter');
    await page.waitForURL(/breakdown=property%3Acategory/);
    const api = (await funnel({ breakdown: { property: 'category' } })) as Funnel & { breakdown: Array<{ value: string | null; steps: Array<{ count: number }> }> };
    assert.ok(api.breakdown.length > 2, 'the demo has several product categories');
    const table = page.locator('table.breakdown');
    await table.waitFor();
    assert.match(await page.locator('h2', { hasText: 'property “category”' }).innerText(), /category/);
    const rows = table.locator('tbody tr');
    assert.equal(await rows.count(), api.breakdown.length);
    const first = api.breakdown[0]!;
    assert.equal(await rows.first().locator('th').innerText(), first.value ?? 'Not set');
    assert.match(await rows.first().locator('td').first().innerText(), new RegExp(`^${first.steps[0]!.count.toLocaleString('en-US')}`));
    // The last column is each value's own median time to convert (API ms → "… min" / "… h" / "… d").
    const ttc = await table.getByTestId('fn-breakdown-ttc').allInnerTexts();
    const apiTtc = (api.breakdown as unknown as Array<{ timeToConvert: { medianMs: number | null } }>).map((b) => b.timeToConvert.medianMs);
    assert.ok(apiTtc.some((m) => m !== null), 'some value converts');
    // The page's en format: one decimal in the largest readable unit.
    const one = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
    const duration = (ms: number) =>
      ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${one.format(ms / 1000)} s` : ms < 3_600_000 ? `${one.format(ms / 60_000)} min` : ms < 86_400_000 ? `${one.format(ms / 3_600_000)} h` : `${one.format(ms / 86_400_000)} d`;
    assert.deepEqual(ttc, apiTtc.map((m) => (m === null ? '–' : duration(m))));
  } finally {
    await page.close();
  }
});
