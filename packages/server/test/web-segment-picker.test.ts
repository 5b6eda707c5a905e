import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { browserSkipReason } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The analysis pages' segment picker end to end: a real `startServer` on demo events, Chromium.
// Picking a saved segment sends `segment: [{ inSegment }]` (or notInSegment), kept in the URL,
// and the page shows the answer the API gives for the segment's own rule.
const KEYS = { writeKey: 'tm_write_web_segpick_1234', readKey: 'tm_read_web_segpick_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-segment-picker browser tests skipped: ${skip}`);

const STEPS = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'];
const RULE = { performed: { touchpoint: 'Checkout Started' }, atLeast: 1 };

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-segpick-', skip, KEYS, (fx) => ({ server, browser } = fx), 5_000);

test('funnels: the segment picker lists saved segments and filters the funnel by one (in and not in)', { skip: skip ?? false, timeout: 120_000 }, async () => {
  await readKeyCall(server.url, KEYS.readKey, 'POST', '/v1/segments', { key: 'checkout-starters', name: 'Checkout starters', rule: RULE }, 201);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/funnels?lang=en`);
  for (const [i, s] of STEPS.entries()) await page.getByTestId(`funnel-step-${i + 1}`).selectOption(s);
  await page.getByTestId('funnel-ready').waitFor();
  const picker = page.getByTestId('segment-picker');
  assert.deepEqual(await picker.locator('option').allTextContents(), ['Everyone', 'In “Checkout starters”', 'Not in “Checkout starters”']);

  for (const [value, item, rule] of [
    ['checkout-starters', { inSegment: 'checkout-starters' }, RULE],
    ['!checkout-starters', { notInSegment: 'checkout-starters' }, { not: RULE }],
  ] as const) {
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/analytics/funnel') && (r.request().postData() ?? '').includes(JSON.stringify(item)));
    await picker.selectOption(value);
    const shown = (await (await answer).json()) as { steps: Array<{ count: number }>; definition?: unknown };
    assert.equal(new URL(page.url()).searchParams.get('seg'), value, 'the URL keeps the choice');
    const sent = JSON.parse((await answer).request().postData()!) as Record<string, unknown>;
    const byRule = await readKeyCall<{ steps: Array<{ count: number }> }>(server.url, KEYS.readKey, 'POST', '/v1/analytics/funnel', { ...sent, segment: [{ rule }] });
    assert.deepEqual(shown.steps.map((s) => s.count), byRule.steps.map((s) => s.count), `${value}: the saved segment answers as its rule`);
    assert.ok(shown.steps[0]!.count > 0, `${value}: someone is in the funnel`);
  }
  await page.close();
});

test('paths, retention and the journey map send the picked segment (from the URL) and get answers', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const [path, analysis] of [['/paths', 'paths'], ['/retention', 'retention'], ['/', 'journey-map']] as const) {
    const answer = page.waitForResponse((r) => r.url().endsWith(`/v1/analytics/${analysis}`) && (r.request().postData() ?? '').includes('"notInSegment":"checkout-starters"'));
    await page.goto(`${server.url}${path}?lang=en&seg=!checkout-starters`);
    const r = await answer;
    assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
    assert.equal(await page.getByTestId('segment-picker').inputValue(), '!checkout-starters', `${path}: the picker shows the URL's choice`);
  }
  await page.close();
});
