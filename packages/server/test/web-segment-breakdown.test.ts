import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { FunnelResult, RetentionResult } from '@trailmap/core';
import { browserSkipReason } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// "Break down by segment" on the funnel and retention pages end to end: a real `startServer` on
// demo events, Chromium. Picking a saved segment sends `breakdown: { segment: key }` and the page
// shows the API's "in" / "not in" numbers.
const KEYS = { writeKey: 'tm_write_web_segbrk_1234', readKey: 'tm_read_web_segbrk_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-segment-breakdown browser tests skipped: ${skip}`);

const STEPS = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'];
const RULE = { performed: { touchpoint: 'Checkout Started' }, atLeast: 1 };
const int = (s: string | null) => Number((s ?? '').split('(')[0]!.replace(/[^\d]/g, ''));

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-segbrk-', skip, KEYS, (fx) => ({ server, browser } = fx), 5_000);

test('funnels: break down by a saved segment shows the API\'s in / not in counts', { skip: skip ?? false, timeout: 120_000 }, async () => {
  await readKeyCall(server.url, KEYS.readKey, 'POST', '/v1/segments', { key: 'checkout-starters', name: 'Checkout starters', rule: RULE }, 201);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/funnels?lang=en`);
  for (const [i, s] of STEPS.entries()) await page.getByTestId(`funnel-step-${i + 1}`).selectOption(s);
  await page.getByTestId('funnel-ready').waitFor();
  const picker = page.getByTestId('fn-segment-breakdown');
  assert.deepEqual(await picker.locator('option').allTextContents(), ['No segment', 'Checkout starters']);
  const answer = page.waitForResponse((r) => r.url().endsWith('/v1/analytics/funnel') && (r.request().postData() ?? '').includes('"breakdown":{"segment":"checkout-starters"}'));
  await picker.selectOption('checkout-starters');
  const res = await answer;
  assert.equal(res.status(), 200, await res.text());
  assert.equal(new URL(page.url()).searchParams.get('breakdown'), 'segment:checkout-starters', 'the URL keeps the choice');
  const sent = JSON.parse(res.request().postData()!) as Record<string, unknown>;
  const api = await readKeyCall<FunnelResult>(server.url, KEYS.readKey, 'POST', '/v1/analytics/funnel', sent);
  const groups = api.breakdown!;
  assert.deepEqual(groups.map((g) => g.value).sort(), ['in', 'not in']);
  const rows = page.locator('table.breakdown tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), groups.length);
  const label = { in: 'In the segment', 'not in': 'Not in the segment' } as Record<string, string>;
  for (const [i, g] of groups.entries()) {
    const row = rows.nth(i);
    assert.equal((await row.locator('th').textContent())?.trim(), label[g.value!]);
    const cells = await row.locator('td').allTextContents();
    assert.deepEqual(cells.slice(0, g.steps.length).map(int), g.steps.map((s) => s.count), `${g.value}: the page's counts are the API's`);
  }
  assert.ok(groups.every((g) => g.steps[0]!.count > 0), 'both groups have people');
  await page.close();
});

test('retention: break down by a saved segment shows one grid per group with the API\'s cohort sizes (en, zh)', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const answer = page.waitForResponse((r) => r.url().endsWith('/v1/analytics/retention') && (r.request().postData() ?? '').includes('"breakdown":{"segment":"checkout-starters"}'));
  await page.goto(`${server.url}/retention?lang=en&bseg=checkout-starters`);
  const res = await answer;
  assert.equal(res.status(), 200, await res.text());
  const api = await readKeyCall<RetentionResult>(server.url, KEYS.readKey, 'POST', '/v1/analytics/retention', JSON.parse(res.request().postData()!));
  await page.getByTestId('ret-groups-ready').waitFor();
  assert.equal(await page.getByTestId('ret-segment-breakdown').inputValue(), 'checkout-starters');
  for (const [id, g, heading] of [['ret-group-in', api.breakdown![0]!, 'In the segment'], ['ret-group-out', api.breakdown![1]!, 'Not in the segment']] as const) {
    const section = page.getByTestId(id);
    assert.equal((await section.locator('h3').textContent())?.trim(), heading);
    const sizes = (await section.getByTestId('ret-cohort-size').allTextContents()).map(int);
    assert.deepEqual(sizes, g.cohorts.map((c) => c.size), `${id}: the page's cohort sizes are the API's`);
    assert.ok(sizes.length > 0 && sizes.some((s) => s > 0), `${id}: someone is in the group`);
  }
  await page.goto(`${server.url}/retention?lang=zh-CN&bseg=checkout-starters`);
  await page.getByTestId('ret-groups-ready').waitFor();
  assert.equal((await page.getByTestId('ret-group-in').locator('h3').textContent())?.trim(), '在分群中');
  assert.equal((await page.getByTestId('ret-group-out').locator('h3').textContent())?.trim(), '不在分群中');
  await page.close();
});
