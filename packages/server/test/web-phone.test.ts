import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason } from './support/browser.js';
import { useWebServer, type StartedServer } from './support/web-fixture.js';
import { WEB_ROUTES } from '../src/web/serve-web.js';

// The web app on a phone: every route at 390 px wide, in English and Chinese, once its data is on
// screen: nothing overflows the page horizontally, every navigation link can be reached and
// followed, and no page logs a console error or has a failed request (favicon included). The
// journey map's board scrolls inside its own frame. A real `startServer` on demo events, Debian's Chromium.
const KEYS = { writeKey: 'tm_write_web_phone_1234', readKey: 'tm_read_web_phone_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web phone browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-phone-', skip, KEYS, (fx) => ({ server, browser } = fx), 10_000);

const PHONE = { width: 390, height: 844 };
// Routes with a parameter: the list pages link to them; here each is opened at its bare list.
const ROUTES = WEB_ROUTES.filter((r) => !r.includes(':'));
const FUNNEL = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'].map((s) => `step=${encodeURIComponent(s)}`).join('&');
/** Every route, and the states behind them with the most on screen. */
const SCREENS = [...ROUTES, '/?type=blueprint', '/?type=future', `/funnels?${FUNNEL}`, `/paths?from=${encodeURIComponent('Checkout Started')}`];

/** Open `path` at phone size, recording console errors and failed requests; wait until no section is loading. */
async function openPhone(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  await page.goto(server.url + path);
  await page.waitForLoadState('networkidle', { timeout: 60_000 });
  await page.waitForFunction(`document.querySelector('main') !== null && document.querySelectorAll('.state.loading').length === 0`, undefined, { timeout: 60_000 });
  return { page, problems };
}

/** Elements wider than the viewport that make the page scroll sideways (the first few, for the message). */
const OVERFLOW_JS = `(() => {
  const w = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > w + 1 && r.width > 0) {
      let p = el.parentElement, clipped = false;
      while (p && p !== document.body) {
        const s = getComputedStyle(p);
        if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') { clipped = true; break; }
        p = p.parentElement;
      }
      if (!clipped) wide.push((el.tagName.toLowerCase()) + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + (el.getAttribute('data-testid') ? '[' + el.getAttribute('data-testid') + ']' : '') + ' right=' + Math.round(r.right));
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, clientWidth: w, wide: wide.slice(0, 6) };
})()`;

for (const lang of ['en', 'zh-CN'] as const) {
  test(`at 390 px (${lang}) no route (nor the map's types, a funnel, a path) overflows sideways, and none logs an error or fails a request`, { skip: skip ?? false, timeout: 300_000 }, async () => {
    const failures: string[] = [];
    for (const route of SCREENS) {
      const { page, problems } = await openPhone(`${route}${route.includes('?') ? '&' : '?'}lang=${lang}`);
      const o = (await page.evaluate(OVERFLOW_JS)) as { scrollWidth: number; clientWidth: number; wide: string[] };
      if (o.scrollWidth > o.clientWidth + 1) failures.push(`${route}: the page is ${o.scrollWidth} px wide at ${o.clientWidth} px (${o.wide.join('; ') || 'no single element'})`);
      for (const p of problems) failures.push(`${route}: ${p}`);
      await page.close();
    }
    assert.deepEqual(failures, []);
  });
}

test('at 390 px every navigation link can be reached and followed (English and Chinese)', { skip: skip ?? false, timeout: 180_000 }, async () => {
  for (const lang of ['en', 'zh-CN']) {
    const { page } = await openPhone(`/?lang=${lang}`);
    const nav = page.getByRole('navigation').first();
    const links = nav.getByRole('link');
    const n = await links.count();
    assert.ok(n >= 7, `${n} links in the navigation`);
    for (let i = n - 1; i >= 0; i--) {
      const link = links.nth(i);
      await link.scrollIntoViewIfNeeded();
      const box = await link.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width + 1 && box.height >= 24, `${lang}: link ${i} is on screen and big enough to tap (${JSON.stringify(box)})`);
      const href = await link.getAttribute('href');
      await link.tap();
      await page.waitForURL((u) => href !== null && u.pathname === new URL(href, server.url).pathname);
      assert.equal(new URL(page.url()).searchParams.get('lang'), lang, 'the language stays');
    }
    await page.close();
  }
});

test('at 390 px the journey map scrolls inside its frame, not the page', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const { page } = await openPhone('/?lang=en');
  await page.getByTestId('jm-ready').waitFor();
  const frame = (await page.evaluate(`(() => {
    const f = document.querySelector('.grid-scroll');
    if (!f) return null;
    const s = getComputedStyle(f);
    return { overflowX: s.overflowX, scrollWidth: f.scrollWidth, clientWidth: f.clientWidth, right: f.getBoundingClientRect().right, page: document.documentElement.scrollWidth };
  })()`)) as { overflowX: string; scrollWidth: number; clientWidth: number; right: number; page: number } | null;
  assert.ok(frame, 'the map has its scrolling frame');
  assert.ok(frame.overflowX === 'auto' || frame.overflowX === 'scroll', `the frame scrolls (${frame.overflowX})`);
  assert.ok(frame.scrollWidth > frame.clientWidth, 'the board is wider than a phone, so it scrolls inside the frame');
  assert.ok(frame.right <= PHONE.width + 1 && frame.page <= PHONE.width + 1, `the frame fits the screen (${JSON.stringify(frame)})`);
  await page.close();
});
