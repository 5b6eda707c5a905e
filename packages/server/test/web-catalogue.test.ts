import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The touchpoint catalogue editor (Data page) end to end: one real `startServer` on 30k demo events, Debian's Chromium driving it.
const KEYS = { writeKey: 'tm_write_web_cat_1234', readKey: 'tm_read_web_cat_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-catalogue browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;

interface TouchpointRow { touchpoint: string; channel: string; type: string; stage: string; events: number; people: number }
interface Rule { match: Record<string, unknown>; set: Record<string, string> }
interface Rules { edited: Rule[]; config: Rule[]; defaults: Rule[]; replaceDefaults: boolean }

const STORE_RULE: Rule = { match: { event: '^Store Visited$' }, set: { touchpoint: 'Store visit', channel: 'store', type: 'physical', stage: 'consideration' } };

const get = <T>(path: string) => readKeyCall<T>(server.url, KEYS.readKey, 'GET', path);
const texts = (page: Page, testId: string) => page.getByTestId(testId).allInnerTexts();
const attrs = (page: Page, selector: string, attr: string) =>
  page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.getAttribute(${JSON.stringify(attr)}))`) as Promise<Array<string | null>>;
/** The rule rows' event patterns, in page order. */
const events = (page: Page) => page.evaluate(`[...document.querySelectorAll('[data-testid="rule-event"]')].map((e) => e.value)`) as Promise<string[]>;
const row = (page: Page, i: number) => page.getByTestId('rule-row').nth(i);

useWebServer('trailmap-web-cat-', skip, KEYS, (fx) => ({ server, browser } = fx));

test('catalogue editor: add, reorder and delete rules, save "^Store Visited$" → Store visit; the table refreshes with the API\'s counts', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const before = await get<{ touchpoints: TouchpointRow[] }>('/v1/touchpoints');
  const visited = before.touchpoints.filter((r) => r.touchpoint === 'Store Visited');
  assert.ok(visited.length > 0, 'the demo data has Store Visited events');
  assert.ok(!before.touchpoints.some((r) => r.touchpoint === 'Store visit'));
  const rules = await get<Rules>('/v1/touchpoints/rules');
  assert.equal(rules.edited.length, 0);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/data?tab=touchpoints&lang=en`);
  await page.getByTestId('tp-ready').waitFor();
  await page.getByTestId('rules-ready').waitFor();
  assert.equal(await page.getByTestId('rule-row').count(), 0);
  assert.ok(await page.getByTestId('rules-save').isDisabled(), 'nothing to save yet');
  // The config file's and the default rules: read-only, collapsed, all of them.
  assert.equal(await page.getByTestId('rules-defaults').getAttribute('open'), null);
  assert.equal(await page.getByTestId('rules-config').getAttribute('open'), null);
  assert.equal(await page.getByTestId('rules-defaults-row').count(), rules.defaults.length);
  assert.equal(await page.getByTestId('rules-defaults').locator('input, select').count(), 0);

  // Two rules: the store rule, then a throwaway one that is moved up, back down and deleted.
  await page.getByTestId('rule-add').click();
  await row(page, 0).getByTestId('rule-event').fill('^Store Visited$');
  await row(page, 0).getByLabel('Touchpoint', { exact: true }).fill('Store visit');
  await row(page, 0).getByTestId('rule-channel').selectOption('store');
  await row(page, 0).getByTestId('rule-type').selectOption('physical');
  await row(page, 0).getByTestId('rule-stage').selectOption('consideration');
  await page.getByTestId('rule-add').click();
  await row(page, 1).getByTestId('rule-event').fill('^Nothing Like This$');
  await row(page, 1).getByTestId('rule-stage').selectOption('loyalty');
  assert.match(await page.getByTestId('rules-status').innerText(), /Unsaved changes/);
  await page.getByRole('button', { name: 'Move rule 2 up' }).click();
  assert.deepEqual(await events(page), ['^Nothing Like This$', '^Store Visited$']);
  assert.equal(await row(page, 1).getByTestId('rule-channel').inputValue(), 'store', 'the row moved with its selects');
  // Keyboard: the "down" button of rule 1 with Enter.
  await page.getByRole('button', { name: 'Move rule 1 down' }).focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await events(page), ['^Store Visited$', '^Nothing Like This$']);
  await page.getByRole('button', { name: 'Delete rule 2' }).click();
  assert.deepEqual(await events(page), ['^Store Visited$']);
  await page.screenshot({ path: join(SCREENSHOTS, 'data-catalogue-editing.png'), fullPage: true });

  await page.getByTestId('rules-save').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(`document.querySelector('[data-testid="rules-status"]')?.textContent.startsWith('Saved 1 rules')`);
  // The catalogue table is fetched again and shows the new touchpoint with the API's counts.
  await page.locator('[data-testid="tp-row"][data-touchpoint="Store visit"]').waitFor();
  const saved = await get<Rules>('/v1/touchpoints/rules');
  assert.deepEqual(saved.edited, [STORE_RULE]);
  const after = await get<{ touchpoints: TouchpointRow[] }>('/v1/touchpoints');
  const visit = after.touchpoints.filter((r) => r.touchpoint === 'Store visit');
  assert.equal(visit.length, 1);
  assert.deepEqual({ ...visit[0], events: 0, people: 0 }, { touchpoint: 'Store visit', channel: 'store', type: 'physical', stage: 'consideration', events: 0, people: 0 });
  assert.equal(visit[0]!.events, visited.reduce((a, r) => a + r.events, 0), 'every Store Visited event moved to the new touchpoint');
  assert.ok(!after.touchpoints.some((r) => r.touchpoint === 'Store Visited'));
  assert.equal(await page.getByTestId('tp-row').count(), after.touchpoints.length);
  const cells = await page.locator('[data-testid="tp-row"][data-touchpoint="Store visit"]').locator('th, td').allInnerTexts();
  // The second column holds the touchpoint's display names (none given: – · –) and their Edit button.
  assert.deepEqual(cells, ['Store visit', '–\n·\n–\nEdit', 'Store', 'Physical', 'Consideration', visit[0]!.events.toLocaleString('en'), visit[0]!.people.toLocaleString('en')]);
  assert.deepEqual(await texts(page, 'tp-events'), after.touchpoints.map((r) => r.events.toLocaleString('en')));
  assert.ok(await page.getByTestId('rules-save').isDisabled(), 'saved: nothing left to save');
  await page.screenshot({ path: join(SCREENSHOTS, 'data-catalogue-saved.png'), fullPage: true });

  // A reload shows the stored rule in the form.
  await page.reload();
  await page.getByTestId('rules-ready').waitFor();
  assert.deepEqual(await events(page), ['^Store Visited$']);
  assert.equal(await row(page, 0).getByLabel('Touchpoint', { exact: true }).inputValue(), 'Store visit');
  assert.equal(await row(page, 0).getByTestId('rule-stage').inputValue(), 'consideration');
  await page.close();
});

test('catalogue editor: an invalid regex and values the server refuses are shown at their field; nothing is saved', { skip: skip ?? false, timeout: 90_000 }, async () => {
  const stored = await get<Rules>('/v1/touchpoints/rules');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/data?tab=touchpoints&lang=en`);
  await page.getByTestId('rules-ready').waitFor();
  const n = await page.getByTestId('rule-row').count();
  assert.equal(n, stored.edited.length);
  await page.getByTestId('rule-add').click();
  const added = row(page, n);

  // 1. A pattern that does not compile: refused in the form, at the event field.
  await added.getByTestId('rule-event').fill('^Store (Visited$');
  await added.getByLabel('Touchpoint', { exact: true }).fill('Broken');
  await page.getByTestId('rules-save').click();
  await added.getByTestId('rule-error').waitFor();
  assert.match(await added.getByTestId('rule-error').innerText(), /Not a valid regular expression/);
  assert.equal(await added.getByTestId('rule-event').getAttribute('aria-invalid'), 'true');
  assert.equal(await added.getByLabel('Touchpoint', { exact: true }).getAttribute('aria-invalid'), null);
  // A lookahead compiles in JavaScript but not in the engine's RE2.
  await added.getByTestId('rule-event').fill('^Store(?= Visited)');
  assert.equal(await added.getByTestId('rule-error').count(), 0, 'editing clears the error');
  await page.getByTestId('rules-save').click();
  assert.match(await added.getByTestId('rule-error').innerText(), /not supported/);

  // 2. A stage outside the vocabulary (forced into the select): the server's 400 names rules[n].set.stage.
  await added.getByTestId('rule-event').fill('^Broken$');
  await added.getByTestId('rule-stage').evaluate((el) => {
    const o = (el as unknown as { ownerDocument: { createElement(t: string): { value: string; textContent: string } } }).ownerDocument.createElement('option');
    o.value = 'warehouse';
    o.textContent = 'warehouse';
    (el as unknown as { append(o: unknown): void }).append(o);
  });
  await added.getByTestId('rule-stage').selectOption('warehouse');
  await page.getByTestId('rules-save').click();
  await added.getByTestId('rule-error').waitFor();
  assert.equal(await added.getByTestId('rule-error').getAttribute('data-field'), `rules[${n}].set.stage`);
  assert.match(await added.getByTestId('rule-error').innerText(), /^The server refused the rules: invalid catalogue rules: rules\[\d+\]\.set\.stage/);
  assert.equal(await added.getByTestId('rule-stage').getAttribute('aria-invalid'), 'true');
  assert.equal(await added.getByTestId('rule-event').getAttribute('aria-invalid'), null);
  await page.screenshot({ path: join(SCREENSHOTS, 'data-catalogue-error.png'), fullPage: true });

  // 3. A rule that sets nothing: the server's refusal names rules[n].set (the whole group).
  await added.getByLabel('Touchpoint', { exact: true }).fill('');
  await added.getByTestId('rule-stage').selectOption('');
  await page.getByTestId('rules-save').click();
  await added.getByTestId('rule-error').waitFor();
  assert.equal(await added.getByTestId('rule-error').getAttribute('data-field'), `rules[${n}].set`);
  assert.equal(await added.getByTestId('rule-set').getAttribute('aria-invalid'), 'true');

  // Nothing reached the store; discarding returns to the saved rules.
  assert.deepEqual(await get<Rules>('/v1/touchpoints/rules'), stored);
  await page.getByTestId('rules-discard').click();
  assert.equal(await page.getByTestId('rule-row').count(), n);
  assert.ok(await page.getByTestId('rules-save').isDisabled());
  await page.close();
});

test('catalogue editor in Chinese at tablet width: labels, the saved rule\'s selects, errors and the table', { skip: skip ?? false, timeout: 90_000 }, async () => {
  const ctx = await browser.newContext({ viewport: { width: 820, height: 1100 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/data?tab=touchpoints&lang=zh-CN`);
  await page.getByTestId('rules-ready').waitFor();
  await page.getByRole('heading', { name: '触点规则' }).waitFor();
  await page.getByRole('heading', { name: /^此处编辑的规则/ }).waitFor();
  await page.getByRole('button', { name: '添加规则' }).waitFor();
  await page.getByRole('button', { name: '保存并重新分类' }).waitFor();
  assert.match(await page.getByTestId('rules-defaults').locator('summary').innerText(), /^默认规则（\d+，只读）$/);
  const { edited } = await get<Rules>('/v1/touchpoints/rules');
  const i = edited.findIndex((r) => r.set.touchpoint === 'Store visit');
  assert.ok(i >= 0, 'the rule saved by the first test');
  const first = row(page, i);
  const selected = (name: string) => first.getByTestId(`rule-${name}`).evaluate((el) => (el as unknown as { selectedOptions: Array<{ textContent: string }> }).selectedOptions[0]!.textContent);
  assert.equal(await selected('channel'), '门店');
  assert.equal(await selected('type'), '线下实体');
  assert.equal(await selected('stage'), '考虑');
  // Each select's label, in Chinese (the label's text is followed by the select's chosen option).
  assert.deepEqual(
    (await first.getByTestId('rule-set').locator('label').allInnerTexts()).map((t) => t.split('\n')[0]),
    ['触点', '渠道', '类型', '阶段'],
  );
  const { touchpoints } = await get<{ touchpoints: TouchpointRow[] }>('/v1/touchpoints');
  const visit = touchpoints.find((r) => r.touchpoint === 'Store visit')!;
  const cells = await page.locator('[data-testid="tp-row"][data-touchpoint="Store visit"]').locator('td').allInnerTexts();
  assert.deepEqual(cells, ['–\n·\n–\n编辑', '门店', '线下实体', '考虑', visit.events.toLocaleString('zh-CN'), visit.people.toLocaleString('zh-CN')]);
  await page.getByRole('button', { name: '添加规则' }).click();
  await row(page, edited.length).getByLabel('事件（正则）').fill('(');
  await row(page, edited.length).getByTestId('rule-stage').selectOption('loyalty');
  await page.getByRole('button', { name: '保存并重新分类' }).click();
  assert.match(await row(page, edited.length).getByTestId('rule-error').innerText(), /^不是有效的正则表达式/);
  assert.deepEqual(await attrs(page, '[data-testid="rule-up"]', 'aria-label'), edited.map((_, j) => `上移规则 ${j + 1}`).concat(`上移规则 ${edited.length + 1}`));
  await page.screenshot({ path: join(SCREENSHOTS, 'data-catalogue-zh-CN-tablet.png'), fullPage: true });
  await ctx.close();
});
