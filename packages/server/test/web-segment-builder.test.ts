import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SavedSegment, SegmentPreview } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The segment builder's nested rules end to end: one real `startServer` on 30k demo events,
// Debian's Chromium driving the Segments page.
const KEYS = { writeKey: 'tm_write_web_sb_1234', readKey: 'tm_read_web_sb_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-segment-builder browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-sb-', skip, KEYS, (fx) => ({ server, browser } = fx));

const call = <T>(method: string, path: string, body?: unknown, status = 200) => readKeyCall<T>(server.url, KEYS.readKey, method, path, body, status);
/** The rule the builder holds now (its live count's request), once the count has settled. */
const builderRule = async (page: Page) => {
  await page.waitForSelector('[data-testid="seg-preview"][data-settled="true"]');
  return JSON.parse((await page.getByTestId('seg-preview').getAttribute('data-rule'))!) as unknown;
};
const settledCount = async (page: Page) => {
  await page.waitForSelector('[data-testid="seg-preview"][data-settled="true"]');
  return Number(await page.getByTestId('seg-count').getAttribute('data-count'));
};

test('segment builder: a nested rule with NOT and an event property filter; the live count equals the API preview; saved, reopened, the rule loads back unchanged and saves by PATCH', { skip: skip ?? false, timeout: 240_000 }, async () => {
  const order = (threshold: number) => ({ performed: { event: 'Order Completed', where: [{ property: 'revenue', op: 'gt', value: threshold }] }, atLeast: 1 });
  const ruleOf = (threshold: number) => ({ all: [{ lastSeen: { within: '365d' } }, { not: { any: [order(threshold), { trait: 'locale', op: 'eq', value: 'zh-CN' }] } }] });
  // The filter must matter: more people bought for over 20 than for over 150.
  const [low, high] = [await call<SegmentPreview>('POST', '/v1/segments/preview', { rule: order(20) }), await call<SegmentPreview>('POST', '/v1/segments/preview', { rule: order(150) })];
  assert.ok(low.count > high.count && high.count > 0, `revenue > 20: ${low.count}, > 150: ${high.count}`);

  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${server.url}/segments?lang=en`);
  await page.getByRole('heading', { level: 1, name: 'Segments' }).waitFor();
  await page.waitForSelector('[data-testid="seg-event-1"]:not([disabled])');

  // 1: last seen within 365 days. 2: NOT (any of: 2-1 ordered for over 150 ever; 2-2 locale is zh-CN).
  await page.getByTestId('seg-kind-1').selectOption('lastSeen');
  await page.getByTestId('seg-within-1').selectOption('365d');
  await page.getByTestId('seg-add-group').click();
  await page.getByTestId('seg-match-2').selectOption('any');
  await page.getByTestId('seg-group-not-2').check();
  await page.getByTestId('seg-event-name-2-1').fill('Order Completed');
  await page.getByTestId('seg-within-2-1').selectOption('');
  await page.getByTestId('seg-filter-add-2-1').click();
  await page.getByTestId('seg-filter-prop-2-1-1').fill('revenue');
  await page.getByTestId('seg-op-2-1-1').selectOption('gt');
  await page.getByTestId('seg-value-2-1-1').fill('150');
  await page.getByTestId('seg-add-2').click();
  await page.getByTestId('seg-kind-2-2').selectOption('trait');
  await page.getByTestId('seg-trait-2-2').fill('locale');
  await page.getByTestId('seg-value-2-2').fill('zh-CN');

  assert.deepEqual(await builderRule(page), ruleOf(150), 'the builder writes the rule as built');
  const expected = await call<SegmentPreview>('POST', '/v1/segments/preview', { rule: ruleOf(150) });
  assert.ok(expected.count > 0, 'someone is left after the NOT');
  assert.equal(await settledCount(page), expected.count);
  assert.equal(await page.getByTestId('seg-count').innerText(), `${expected.count.toLocaleString('en')} people match · Batch`);
  // The filter's value recounts.
  await page.getByTestId('seg-value-2-1-1').fill('20');
  const lower = await call<SegmentPreview>('POST', '/v1/segments/preview', { rule: ruleOf(20) });
  assert.notEqual(lower.count, expected.count, 'excluding more buyers leaves fewer people');
  await page.waitForFunction(`document.querySelector('[data-testid="seg-count"]')?.dataset.count === '${lower.count}' && document.querySelector('[data-testid="seg-preview"]')?.dataset.settled === 'true'`);
  await page.getByTestId('seg-value-2-1-1').fill('150');
  await page.waitForFunction(`document.querySelector('[data-testid="seg-count"]')?.dataset.count === '${expected.count}' && document.querySelector('[data-testid="seg-preview"]')?.dataset.settled === 'true'`);

  // A 400 of the live count shows at the condition it names: "gt" needs a number.
  await page.getByTestId('seg-value-2-1-1').fill('lots');
  const bad = page.locator('[data-testid="seg-condition"][data-path="2-1"] [data-testid="seg-error"]');
  await bad.waitFor();
  assert.match(await bad.innerText(), /needs a number/);
  assert.match((await bad.getAttribute('data-field'))!, /^rule\.all\[1\]\.not\.any\[0\]\.performed\.where\[0\]\.value$/);
  await page.getByTestId('seg-value-2-1-1').fill('150');
  await bad.waitFor({ state: 'detached' });

  await page.getByTestId('seg-name').fill('Not big or Chinese buyers');
  await page.getByTestId('seg-key').fill('builder-nested');
  await page.getByTestId('seg-save').click();
  await page.getByTestId('seg-saved').waitFor();
  const saved = await call<SavedSegment>('GET', '/v1/segments/builder-nested');
  assert.deepEqual(saved.rule, { all: [{ lastSeen: { within: 365 * 86_400_000 } }, { not: { any: [order(150), { trait: 'locale', op: 'eq', value: 'zh-CN' }] } }] }, 'saved as built (the duration in ms)');
  assert.equal(saved.size, expected.count);
  await page.screenshot({ path: join(SCREENSHOTS, 'segment-builder.png'), fullPage: true });

  // Reopen: a fresh page, Edit on the saved segment loads its stored rule back, field by field.
  await page.goto(`${server.url}/segments?lang=en`);
  await page.locator('[data-testid="segment-row"][data-key="builder-nested"] [data-testid="segment-edit"]').click();
  await page.waitForSelector('[data-testid="seg-builder"][data-editing="builder-nested"]');
  assert.deepEqual(await builderRule(page), saved.rule, 'the rule loaded equals the saved one');
  assert.equal(await settledCount(page), expected.count);
  assert.equal(await page.getByTestId('seg-match-2').inputValue(), 'any');
  assert.equal(await page.getByTestId('seg-group-not-2').isChecked(), true);
  assert.equal(await page.getByTestId('seg-filter-prop-2-1-1').inputValue(), 'revenue');
  assert.equal(await page.getByTestId('seg-value-2-1-1').inputValue(), '150');
  assert.equal(await page.getByTestId('seg-name').inputValue(), saved.name);
  // An edit saves by PATCH, only what changed changes.
  await page.getByTestId('seg-value-2-1-1').fill('20');
  await settledCount(page);
  await page.getByTestId('seg-save').click();
  await page.getByTestId('seg-saved').waitFor();
  const patched = await call<SavedSegment>('GET', '/v1/segments/builder-nested');
  assert.deepEqual(patched.rule, { all: [{ lastSeen: { within: 365 * 86_400_000 } }, { not: { any: [order(20), { trait: 'locale', op: 'eq', value: 'zh-CN' }] } }] });
  assert.equal(patched.size, lower.count);

  // A rule written through the API with every kind of condition loads into the builder and back unchanged.
  const every = {
    any: [
      { all: [{ performed: { touchpoint: ['Home', 'Search'], channel: 'web', where: [{ property: 'path', op: 'in', value: ['/a', '/b'] }] }, atLeast: 2, atMost: 9, within: '45d' }, { firstSeen: { after: '2025-01-01T00:00:00.000Z' } }] },
      { not: { not: { inSegment: 'builder-nested' } } },
      { trait: 'country', op: 'is_set' },
      { score: 'rfmGroup', op: 'in', value: ['champions', 'lost'] },
      { score: 'churnRisk', op: 'gte', value: 0.5 },
    ],
  };
  await call('POST', '/v1/segments', { key: 'builder-every', name: 'Every kind', rule: every }, 201);
  const stored = await call<SavedSegment>('GET', '/v1/segments/builder-every');
  await page.goto(`${server.url}/segments?lang=en`);
  await page.locator('[data-testid="segment-row"][data-key="builder-every"] [data-testid="segment-edit"]').click();
  await page.waitForSelector('[data-testid="seg-builder"][data-editing="builder-every"]');
  assert.deepEqual(await builderRule(page), stored.rule);
  assert.equal(await settledCount(page), (await call<SegmentPreview>('POST', '/v1/segments/preview', { rule: stored.rule })).count);
  assert.equal(await page.getByTestId('seg-not-2').getAttribute('data-nots'), '2');

  // At phone width the nested builder wraps instead of overflowing the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  const width = (await page.evaluate('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })')) as { scroll: number; client: number };
  assert.ok(width.scroll <= width.client + 1, `the page is ${width.scroll} px wide at ${width.client} px`);
  await page.screenshot({ path: join(SCREENSHOTS, 'segment-builder-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 1000 });

  // In Chinese the builder reads in Chinese.
  await page.goto(`${server.url}/segments?lang=zh-CN`);
  await page.getByRole('heading', { level: 2, name: '创建分群' }).waitFor();
  await page.getByRole('button', { name: '添加条件组' }).waitFor();
  await page.close();
});
