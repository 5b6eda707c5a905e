import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { RfmResult, SavedSegment, SegmentPreview } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The Segments page end to end: one real `startServer` on 30k demo events, Debian's Chromium driving it.
const KEYS = { writeKey: 'tm_write_web_seg_1234', readKey: 'tm_read_web_seg_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-segments browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-seg-', skip, KEYS, (fx) => ({ server, browser } = fx));

const call = <T>(method: string, path: string, body?: unknown) => readKeyCall<T>(server.url, KEYS.readKey, method, path, body);

test('segments: build a rule in the builder, the live count equals the API preview, save it, it is listed with the API size', { skip: skip ?? false, timeout: 180_000 }, async () => {
  const { touchpoints } = await call<{ touchpoints: Array<{ touchpoint: string; events: number }> }>('GET', '/v1/touchpoints');
  // A touchpoint some did once but not twice, so changing "at least" must change the count.
  const ruleOf = (touchpoint: string, atLeast: number) => ({ all: [{ performed: { touchpoint }, atLeast }, { lastSeen: { within: '365d' } }] });
  let event = '';
  for (const tp of touchpoints.slice(0, 12)) {
    const [one, two] = [await call<SegmentPreview>('POST', '/v1/segments/preview', { rule: ruleOf(tp.touchpoint, 1) }), await call<SegmentPreview>('POST', '/v1/segments/preview', { rule: ruleOf(tp.touchpoint, 2) })];
    if (two.count > 0 && one.count > two.count) { event = tp.touchpoint; break; }
  }
  assert.ok(event, 'the demo has a touchpoint some people did once and others twice');

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('link', { name: 'Segments', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Segments' }).waitFor();
  await page.getByText('No segments saved yet.').waitFor();

  // Did the event at least twice, ever; AND the person was last seen within 365 days.
  await page.waitForSelector('[data-testid="seg-event-1"]:not([disabled])');
  await page.getByTestId('seg-event-1').selectOption(event);
  await page.getByTestId('seg-at-least-1').fill('2');
  await page.getByTestId('seg-within-1').selectOption('');
  await page.getByTestId('seg-add').click();
  await page.getByTestId('seg-kind-2').selectOption('lastSeen');
  await page.getByTestId('seg-within-2').selectOption('365d');
  const rule = ruleOf(event, 2);

  await page.waitForSelector('[data-testid="seg-preview"][data-settled="true"]');
  const expected = await call<SegmentPreview>('POST', '/v1/segments/preview', { rule });
  assert.ok(expected.count > 0, `someone did ${event} twice`);
  assert.equal(await page.getByTestId('seg-count').getAttribute('data-count'), String(expected.count));
  assert.equal(await page.getByTestId('seg-count').innerText(), `${expected.count.toLocaleString('en')} people match · Batch`);

  // A change of the rule recounts: "at least 1" holds for as many people or more.
  const settledAt = (count: number) => page.waitForFunction(`document.querySelector('[data-testid="seg-preview"]')?.dataset.settled === 'true' && document.querySelector('[data-testid="seg-count"]')?.dataset.count === '${count}'`);
  const once = await call<SegmentPreview>('POST', '/v1/segments/preview', { rule: ruleOf(event, 1) });
  assert.ok(once.count > expected.count, 'at least once holds for more people than at least twice');
  await page.getByTestId('seg-at-least-1').fill('1');
  await settledAt(once.count);
  await page.getByTestId('seg-at-least-1').fill('2');
  await settledAt(expected.count);

  await page.getByTestId('seg-name').fill('Repeat visitors');
  await page.getByTestId('seg-key').fill('repeat-visitors');
  await page.getByTestId('seg-save').click();
  await page.getByTestId('seg-saved').waitFor();
  const row = page.locator('[data-testid="segment-row"][data-key="repeat-visitors"]');
  await row.waitFor();

  const { segments } = await call<{ segments: SavedSegment[] }>('GET', '/v1/segments');
  const saved = segments.find((s) => s.key === 'repeat-visitors')!;
  assert.ok(saved, 'the API lists the saved segment');
  assert.deepEqual(saved.rule, { all: [{ performed: { touchpoint: event }, atLeast: 2 }, { lastSeen: { within: 365 * 86_400_000 } }] }, 'the rule as built, its duration in ms');
  assert.equal(saved.size, expected.count);
  assert.equal(await row.getByTestId('segment-size').innerText(), expected.count.toLocaleString('en'));
  assert.match(await row.innerText(), /Repeat visitors\s+repeat-visitors/);
  // The detail: members as the API lists them, the CSV link to the export.
  await row.getByTestId('segment-open').click();
  await page.getByTestId('segment-members-total').waitFor();
  const members = await call<{ total: number; members: unknown[] }>('GET', '/v1/segments/repeat-visitors/members?limit=100');
  assert.equal(members.total, expected.count);
  assert.equal(await page.getByTestId('segment-members-total').innerText(), `The first ${members.members.length.toLocaleString('en')} of ${members.total.toLocaleString('en')} members. Download all as CSV`);
  assert.equal(await page.locator('[data-testid="segment-members"] tbody tr').count(), members.members.length);
  const csvHref = await page.getByTestId('segment-csv').getAttribute('href');
  const csv = await page.evaluate(`fetch(${JSON.stringify(csvHref)}).then((r) => r.text())`) as string;
  assert.equal(csv.trim().split(/\r?\n/).length, members.total + 1, 'the CSV holds a header and every member');
  await page.screenshot({ path: join(SCREENSHOTS, 'segments.png'), fullPage: true });

  // In Chinese the page reads in Chinese.
  await page.goto(`${server.url}/segments?lang=zh-CN`);
  await page.getByRole('heading', { level: 2, name: '已保存的分群' }).waitFor();
  await page.close();
});

test('rfm: the grid\'s 25 cells add up to the API\'s customer count, each cell and group equal the API', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const expected = await call<RfmResult>('POST', '/v1/customers/rfm', { purchase: 'Order Completed', value: 'revenue' });
  assert.ok(expected.customers > 0, 'the demo has purchases');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('link', { name: 'RFM', exact: true }).click();
  await page.getByTestId('rfm-grid').waitFor();
  const counts = (await page.evaluate(`[...document.querySelectorAll('[data-testid="rfm-cell"]')].map((e) => Number(e.dataset.count))`)) as number[];
  assert.equal(counts.length, 25);
  assert.equal(counts.reduce((a, b) => a + b, 0), expected.customers);
  assert.deepEqual(counts, expected.grid.map((c) => c.count), 'cells in the API order: R 5→1, FM 1→5');
  assert.equal(await page.getByTestId('rfm-summary').innerText(), `As of ${expected.asOf}, ${expected.customers.toLocaleString('en')} customers`);
  const groups = (await page.evaluate(`[...document.querySelectorAll('[data-testid="rfm-group"]')].map((e) => [e.dataset.group, Number(e.dataset.count)])`)) as Array<[string, number]>;
  assert.deepEqual(groups, expected.groups.map((g) => [g.group, g.count]));
  assert.equal(await page.locator('[data-testid="rfm-group"][data-group="champions"] td').first().innerText(), 'Champions');
  await page.screenshot({ path: join(SCREENSHOTS, 'rfm.png'), fullPage: true });
  await page.goto(`${server.url}/rfm?lang=zh-CN`);
  await page.getByRole('heading', { level: 2, name: '命名分组' }).waitFor();
  await page.close();
});
