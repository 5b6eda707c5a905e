import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { dwellIsMeaningful } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The journey map as a swimlane board, end to end on 30k demo events with Debian's Chromium:
// folded touchpoints (one card per action), no identify cards, the service lane, display names
// edited in the catalogue shown on the map in English and Chinese, the board on one screen at
// 1280×900 with collapsed lanes, a cell and a lane that open on demand.
const KEYS = { writeKey: 'tm_write_board_1234', readKey: 'tm_read_board_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-journey-board browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
const api = <T>(method: string, path: string, body?: unknown) => readKeyCall<T>(server.url, KEYS.readKey, method, path, body);

interface Cell { stage: string; channel: string; touchpoint: string; people: number; sessions: number; bounces: number; dwellMedianMs: number | null }
interface MapResult { cells: Cell[]; channels: string[]; stages: { stage: string }[] }
const WAIT_MS = 60_000;
type El = { getAttribute(name: string): string | null };
const attrs = (page: Page, selector: string, name: string) => page.locator(selector).evaluateAll((els, n) => els.map((e) => (e as unknown as El).getAttribute(n)), name);
const cellSel = (c: { stage: string; channel: string; touchpoint: string }) => `[data-testid="jm-cell"][data-stage="${c.stage}"][data-channel="${c.channel}"][data-touchpoint="${c.touchpoint}"]`;

async function openMap(page: Page, lang: string): Promise<void> {
  await page.goto(`${server.url}/?lang=${lang}`);
  await page.getByTestId('jm-ready').waitFor({ timeout: WAIT_MS });
}

useWebServer('trailmap-board-', skip, KEYS, (fx) => ({ server, browser } = fx));

for (const lang of ['en', 'zh-CN'] as const) {
  test(`board (${lang}): one card per folded touchpoint, no identify cards, the service lane last; one screen at 1280×900; a cell and a lane open`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const map = await api<MapResult>('POST', '/v1/analytics/journey-map', {});
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
    try {
      await openMap(page, lang);
      // One card per cell of the API's map; none for a page view folded into its event, none for identify/alias/group.
      const touchpoints = await attrs(page, '[data-testid="jm-cell"]', 'data-touchpoint');
      assert.equal(touchpoints.length, map.cells.length);
      for (const folded of ['Product', 'Cart', 'Checkout', 'Product List', 'Identify', 'Alias', 'Group'])
        assert.ok(!touchpoints.includes(folded), `no card for ${folded}`);
      // The folded touchpoints are in their event's stage (a landing view from a campaign may also be an awareness cell of its own).
      for (const [event, stage] of [['Product Viewed', 'interest'], ['Cart Viewed', 'consideration'], ['Checkout Started', 'consideration']] as const)
        assert.equal(await page.locator(cellSel({ stage, channel: 'web', touchpoint: event })).count(), 1, `one web ${event} card in ${stage}`);
      // The service lane: support is the last lane, marked as the service lane; tickets and refunds are there, after the purchase.
      const lanes = await attrs(page, '[data-testid="jm-lane"]', 'data-channel');
      assert.equal(lanes.at(-1), 'support');
      assert.match((await page.locator('[data-testid="jm-lane"]').last().getAttribute('class')) ?? '', /lane-service/);
      for (const tp of ['Support Ticket Opened', 'Order Refunded']) {
        const c = map.cells.filter((x) => x.touchpoint === tp);
        assert.ok(c.length > 0 && c.every((x) => x.channel === 'support' && x.stage === 'loyalty'), `${tp} in the service lane, post-purchase`);
      }

      // Lanes start collapsed: the board fits one screen at 1280×900.
      assert.deepEqual([...new Set(await attrs(page, '[data-testid="jm-lane"]', 'data-open'))], ['false']);
      const board = await page.getByTestId('jm-board').boundingBox();
      const pageHeight = await page.evaluate('document.documentElement.scrollHeight');
      console.log(`# board ${lang}: ${map.cells.length} cells in ${lanes.length} lanes, board ${Math.round(board!.height)} px high, page ${String(pageHeight)} px`);
      assert.ok(board!.height <= 900, `the board is ${board!.height} px high`);
      const shown = (await page.locator('[data-testid="jm-cell"]:visible').count());
      assert.ok(shown < map.cells.length, 'some cells wait behind "+n more"');
      if (lang === 'en') await page.screenshot({ path: join(SCREENSHOTS, 'journey-board.png') });

      // A cell opens for its numbers; dwell is there only where it means something.
      const withDwell = map.cells.find((c) => dwellIsMeaningful(c) && c.channel === 'web');
      const noDwell = map.cells.find((c) => !dwellIsMeaningful(c) && c.channel === lanes[0]);
      for (const c of [withDwell, noDwell]) {
        if (!c) continue;
        const card = page.locator(cellSel(c));
        if (!(await card.isVisible())) await page.locator(`[data-testid="jm-lane"][data-channel="${c.channel}"] [data-testid="lane-toggle"]`).click();
        assert.equal(await card.getByTestId('cell-details').isVisible(), false);
        await card.getByTestId('cell-toggle').click();
        assert.equal(await card.getByTestId('cell-toggle').getAttribute('aria-expanded'), 'true');
        assert.ok(await card.getByTestId('cell-details').isVisible());
        assert.equal(await card.getByTestId('cell-dwell').count(), dwellIsMeaningful(c) ? 1 : 0, `dwell of ${c.touchpoint} (${c.sessions - c.bounces} measured, ${c.dwellMedianMs} ms)`);
      }
      assert.ok(withDwell && noDwell, 'the demo has cells with and without a meaningful dwell');

      // A lane opens: its hidden cells show.
      const crowded = map.channels.find((ch) => map.stages.some((s) => map.cells.filter((c) => c.channel === ch && c.stage === s.stage).length > 2))!;
      const lane = page.locator(`[data-testid="jm-lane"][data-channel="${crowded}"]`);
      const hiddenBefore = await lane.locator('[data-testid="jm-cell"]:not(:visible)').count();
      assert.ok(hiddenBefore > 0);
      await lane.getByTestId('lane-more').first().click();
      assert.equal(await lane.getAttribute('data-open'), 'true');
      assert.equal(await lane.locator('[data-testid="jm-cell"]:not(:visible)').count(), 0);
      assert.equal(await lane.getByTestId('lane-toggle').getAttribute('aria-expanded'), 'true');
    } finally {
      await page.close();
    }
  });
}

test('display names edited in the catalogue show on the map in English and Chinese; identify calls are counted beside the catalogue', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(WAIT_MS);
  try {
    await page.goto(`${server.url}/data?tab=touchpoints&lang=en`);
    await page.getByTestId('tp-ready').waitFor();
    const catalogue = await api<{ touchpoints: { touchpoint: string }[]; notTouchpoints: { type: string; events: number }[] }>('GET', '/v1/touchpoints');
    assert.ok(!catalogue.touchpoints.some((r) => ['Identify', 'Alias', 'Group'].includes(r.touchpoint)));
    const identify = catalogue.notTouchpoints.find((r) => r.type === 'identify')!;
    assert.ok(identify.events > 0);
    assert.match(await page.getByTestId('tp-not-touchpoints').innerText(), new RegExp(`${new Intl.NumberFormat('en').format(identify.events)} identify calls`));
    assert.ok(!(await attrs(page, '[data-testid="tp-row"]', 'data-touchpoint')).includes('Identify'));

    // Name the web checkout touchpoint in both languages, in its catalogue row.
    const row = page.locator('[data-testid="tp-row"][data-touchpoint="Checkout Started"]').first();
    await row.getByTestId('dn-edit').click();
    await row.getByTestId('dn-input-en').fill('Checkout');
    await row.getByTestId('dn-input-zh').fill('结账');
    await row.getByTestId('dn-save').click();
    await row.getByTestId('dn-view').waitFor();
    // The view can show before the saved names come back from the server (seen on a loaded CI machine): wait for them.
    await row.getByTestId('dn-en').filter({ hasText: 'Checkout' }).waitFor();
    assert.equal(await row.getByTestId('dn-en').innerText(), 'Checkout');
    assert.equal(await row.getByTestId('dn-zh').innerText(), '结账');
    // And a persona.
    const persona = page.locator('[data-testid="cat-persona-row"]').first();
    const personaValue = (await persona.getAttribute('data-persona'))!;
    await persona.getByTestId('dn-edit').click();
    await persona.getByTestId('dn-input-en').fill('Weekend hikers');
    await persona.getByTestId('dn-input-zh').fill('周末徒步者');
    await persona.getByTestId('dn-save').click();
    await persona.getByTestId('dn-view').waitFor();
    assert.deepEqual(await api('GET', '/v1/display-names'), {
      touchpoint: { 'Checkout Started': { en: 'Checkout', 'zh-CN': '结账' } },
      persona: { [personaValue]: { en: 'Weekend hikers', 'zh-CN': '周末徒步者' } },
    });
    await page.screenshot({ path: join(SCREENSHOTS, 'data-catalogue-display-names.png'), fullPage: true });

    const map = await api<MapResult>('POST', '/v1/analytics/journey-map', {});
    const checkout = map.cells.find((c) => c.touchpoint === 'Checkout Started' && c.channel === 'web')!;
    for (const [lang, name, personaName] of [['en', 'Checkout', 'Weekend hikers'], ['zh-CN', '结账', '周末徒步者']] as const) {
      await openMap(page, lang);
      const card = page.locator(cellSel(checkout));
      await page.waitForFunction(`document.querySelector(${JSON.stringify(cellSel(checkout))})?.getAttribute('data-name') === ${JSON.stringify(name)}`);
      assert.equal(await card.locator('.cell-name').innerText(), name);
      const options = await page.getByTestId('persona-select').locator('option').allInnerTexts();
      assert.ok(options.some((o) => o.startsWith(personaName)), `${lang}: the persona list shows ${personaName}: ${options.join(' | ')}`);
      // The stored name stays in the data (and in the cell's details); the cell may wait in its collapsed lane.
      if (!(await card.isVisible())) await page.locator('[data-testid="jm-lane"][data-channel="web"] [data-testid="lane-toggle"]').click();
      await card.getByTestId('cell-toggle').click();
      assert.match(await card.getByTestId('cell-details').innerText(), /Checkout Started/);
    }
    // The funnel's step list and its results show the label too; the stored name stays the step's value.
    for (const [lang, name] of [['en', 'Checkout'], ['zh-CN', '结账']] as const) {
      await page.goto(`${server.url}/funnels?lang=${lang}&step=Product%20Viewed&step=Checkout%20Started`);
      await page.getByTestId('funnel-ready').waitFor();
      const step = page.getByTestId('funnel-step-2');
      assert.equal(await step.inputValue(), 'Checkout Started');
      assert.equal(await step.locator('option:checked').innerText(), name);
      assert.match(await page.getByTestId('funnel-step').nth(1).innerText(), new RegExp(`^${name}:`));
    }
    // The paths page names its nodes (Sankey and tables) with the label too.
    for (const [lang, name] of [['en', 'Checkout'], ['zh-CN', '结账']] as const) {
      await page.goto(`${server.url}/paths?lang=${lang}&from=Product%20Viewed`);
      const nodes = page.getByTestId('paths-nodes');
      // The labels arrive with GET /v1/display-names, which may answer after the paths.
      await nodes.locator('tbody th', { hasText: name }).first().waitFor({ timeout: 60_000 });
      const rows = await nodes.locator('tbody th').allInnerTexts();
      assert.ok(rows.includes(name), `${lang}: the nodes table shows ${name}: ${rows.join(' | ')}`);
      assert.ok(!rows.includes('Checkout Started'), `${lang}: not the stored name`);
    }
    // An empty field removes the label: the stored name shows again.
    await api('PUT', '/v1/display-names', { kind: 'touchpoint', name: 'Checkout Started', en: '', 'zh-CN': null });
    await api('PUT', '/v1/display-names', { kind: 'persona', name: personaValue, en: null, 'zh-CN': null });
    await openMap(page, 'en');
    await page.waitForFunction(`document.querySelector(${JSON.stringify(cellSel(checkout))})?.getAttribute('data-name') === 'Checkout Started'`);
  } finally {
    await page.close();
  }
});

test('PUT /v1/display-names: a bad body is a 400 naming the field', { skip: skip ?? false }, async () => {
  const res = await fetch(`${server.url}/v1/display-names`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${KEYS.readKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'channel', name: 'web', en: 'Web' }),
  });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: { field?: string } };
  assert.equal(body.error.field, 'kind');
});
