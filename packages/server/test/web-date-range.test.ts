import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { FunnelAnswer, JourneyMapAnswer, MetricsAnswer } from '@trailmap/core';
import { browserSkipReason } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The date-range control end to end: a real `startServer` on the demo (whose window ends today,
// so relative ranges have data), Chromium, English and Chinese.
const KEYS = { writeKey: 'tm_write_web_daterange_1234', readKey: 'tm_read_web_daterange_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-date-range browser tests skipped: ${skip}`);

const STEPS = ['Product Viewed', 'Order Completed'];
const FUNNEL = { steps: STEPS.map((touchpoint) => ({ touchpoint })), window: '7d', order: 'sequential', interval: 'week' };

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-daterange-', skip, KEYS, (fx) => ({ server, browser } = fx));

const api = <T>(path: string, body: unknown) => readKeyCall<T>(server.url, KEYS.readKey, 'POST', path, body);
/** A number as the page shows it (grouping separators of either language) → the number. */
const shownInt = (text: string | null) => Number((text ?? '').replace(/[^\d-]/g, ''));
const param = (page: Page, k: string) => new URL(page.url()).searchParams.get(k);

/** Tick the compare box; it shows ticked once the URL (the page's state) says so. */
async function turnCompareOn(page: Page) {
  await page.getByTestId('date-range-compare').click();
  await page.waitForURL((u) => u.searchParams.get('compare') === '1');
  await page.locator('[data-testid="date-range-compare"]:checked').waitFor();
}

async function waitForRange(page: Page, from: string | null) {
  await page.locator(`[data-testid="date-range-resolved"][data-from="${from ?? ''}"]`).first().waitFor({ timeout: 30_000 });
}

for (const lang of ['en', 'zh-CN'] as const) {
  test(`funnel (${lang}): a preset goes into the URL, the counts equal the API's for that range, compare shows each step's change`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const qs = STEPS.map((s) => `step=${encodeURIComponent(s)}`).join('&');
    await page.goto(`${server.url}/funnels?lang=${lang}&${qs}&window=7d`);
    await page.getByTestId('funnel-ready').waitFor();
    const all = await api<FunnelAnswer>('/v1/analytics/funnel', FUNNEL);
    await waitForRange(page, null);

    await page.getByTestId('date-range-preset').selectOption('last30');
    assert.equal(param(page, 'last'), '30d');
    const last30 = await api<FunnelAnswer>('/v1/analytics/funnel', { ...FUNNEL, range: { last: '30d' } });
    assert.ok(last30.steps[0]!.count > 0, 'the demo has people in the last 30 days');
    assert.ok(last30.steps[0]!.count < all.steps[0]!.count, 'fewer than over all time');
    await waitForRange(page, last30.range.from);
    const shown = await page.getByTestId('funnel-step-count').allTextContents();
    assert.deepEqual(shown.map(shownInt), last30.steps.map((s) => s.count));
    const text = await page.getByTestId('date-range-resolved').first().textContent();
    assert.match(text ?? '', /UTC/, 'the range is said in the project time zone');

    // Compare: the previous 30 days and the change beside each count.
    await turnCompareOn(page);
    assert.equal(param(page, 'compare'), '1');
    const compared = await api<FunnelAnswer>('/v1/analytics/funnel', { ...FUNNEL, range: { last: '30d' }, compare: 'previous_period' });
    await page.getByTestId('date-range-previous').waitFor();
    const badges = page.getByTestId('funnel-step-change');
    await badges.first().waitFor();
    const abs = await badges.evaluateAll((els) => els.map((e) => Number((e as unknown as { getAttribute(n: string): string | null }).getAttribute('data-absolute'))));
    assert.deepEqual(abs, compared.change!.steps.map((c) => c.count.absolute));
    assert.deepEqual(abs, compared.steps.map((s, i) => s.count - compared.previous!.result.steps[i]!.count));

    // Custom dates: the last full month as dates, "through" its last day.
    const lastMonth = await api<FunnelAnswer>('/v1/analytics/funnel', { ...FUNNEL, range: { period: 'last_month' } });
    const from = lastMonth.range.from!.slice(0, 10);
    const through = new Date(Date.parse(lastMonth.range.to!) - 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('date-range-preset').selectOption('custom');
    await page.getByTestId('date-range-from').fill(from);
    await page.getByTestId('date-range-through').fill(through);
    await page.getByTestId('date-range-apply').click();
    assert.equal(param(page, 'dateFrom'), from);
    assert.equal(param(page, 'dateTo'), lastMonth.range.to!.slice(0, 10));
    await waitForRange(page, lastMonth.range.from);
    assert.deepEqual((await page.getByTestId('funnel-step-count').allTextContents()).map(shownInt), lastMonth.steps.map((s) => s.count));
    assert.deepEqual(errors, []);
    await page.close();
  });

  test(`journey map (${lang}): last month from the control, the stage counts and their change equal the API's`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?lang=${lang}`);
    await page.getByTestId('jm-ready').waitFor({ timeout: 60_000 });
    await page.getByTestId('date-range-preset').selectOption('last_month');
    assert.equal(param(page, 'during'), 'last_month');
    await turnCompareOn(page);
    const a = await api<JourneyMapAnswer>('/v1/analytics/journey-map', { period: { period: 'last_month' }, compare: 'previous_period' });
    await waitForRange(page, a.range.from);
    await page.getByTestId('jm-compare').waitFor();
    const people = (await page.getByTestId('jm-stage-people').allTextContents()).map(shownInt);
    assert.deepEqual(people, a.stages.map((s) => s.people));
    const abs = await page.getByTestId('jm-stage-people-change').evaluateAll((els) => els.map((e) => Number((e as unknown as { getAttribute(n: string): string | null }).getAttribute('data-absolute'))));
    assert.deepEqual(abs, a.change!.stages.filter((s) => s.people.absolute !== null).map((s) => s.people.absolute));
    // Each cell on the board carries its own change beside its people.
    const cellAbs = await page.getByTestId('cell-people-change').evaluateAll((els) => els.map((e) => Number((e as unknown as { getAttribute(n: string): string | null }).getAttribute('data-absolute'))));
    assert.ok(cellAbs.length > 0, 'cells show their change');
    const apiAbs = new Set(a.change!.cells.map((c) => c.people.absolute));
    for (const x of cellAbs) assert.ok(apiAbs.has(x), `a cell's change ${x} is one of the API's`);
    await page.close();
  });

  test(`retention trends (${lang}): compare shows the change of the overall CSAT, NPS and CES the API answers`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/retention?lang=${lang}&last=90d`);
    await page.getByTestId('ret-overall-nps').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('ret-change-nps').count(), 0, 'no change before compare is on');
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/analytics/metrics') && (r.request().postData() ?? '').includes('previous_period'));
    await turnCompareOn(page);
    const m = (await (await answer).json()) as MetricsAnswer;
    const now = m.rows[0]!;
    const before = m.previous!.result.rows[0]!;
    assert.equal(m.change!.rows[0]!.npsScore.absolute, now.nps.score! - before.nps.score!);
    for (const [id, c] of [['ret-change-csat', m.change!.rows[0]!.csatScore], ['ret-change-nps', m.change!.rows[0]!.npsScore], ['ret-change-ces', m.change!.rows[0]!.cesMean]] as const) {
      const badge = page.getByTestId(id);
      await badge.waitFor();
      assert.equal(Number(await badge.getAttribute('data-absolute')), c.absolute, id);
    }
    await page.getByTestId('date-range-previous').first().waitFor();
    await page.close();
  });

  test(`paths, retention and attribution (${lang}): the same control, the range goes to every request of the page`, { skip: skip ?? false, timeout: 180_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const last90 = await api<{ range: { from: string; to: string } }>('/v1/analytics/paths', { range: { last: '90d' } });
    for (const path of ['/paths', '/retention', '/attribution']) {
      await page.goto(`${server.url}${path}?lang=${lang}`);
      await page.getByTestId('date-range-preset').selectOption('last90');
      await page.waitForURL((u) => u.searchParams.get('last') === '90d');
      if (path !== '/attribution') await waitForRange(page, last90.range.from);
    }
    // Attribution: the models' answer says the range, and its conversions are the API's for it.
    await page.getByTestId('attr-models-ready').waitFor({ timeout: 60_000 });
    await waitForRange(page, last90.range.from);
    const a = await api<{ models: { markov: { conversions: number } } }>('/v1/attribution', { model: 'all', by: 'channel', lookback: '30d', order: 1, range: { last: '90d' } });
    const all = await api<{ models: { markov: { conversions: number } } }>('/v1/attribution', { model: 'all', by: 'channel', lookback: '30d', order: 1 });
    assert.ok(a.models.markov.conversions < all.models.markov.conversions, 'fewer conversions in 90 days than in the whole demo');
    const summary = await page.getByTestId('attr-summary').textContent();
    const numbers = (summary ?? '').replace(/(\d),(?=\d{3})/g, '$1').match(/\d+/g)?.map(Number) ?? [];
    assert.ok(numbers.includes(a.models.markov.conversions), `${summary} shows ${a.models.markov.conversions} conversions`);
    await page.close();
  });

  test(`a link's own range (${lang}): ?last=14d is said in words, and custom dates start from the answer's days (journey map)`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const qs = STEPS.map((s) => `step=${encodeURIComponent(s)}`).join('&');
    await page.goto(`${server.url}/funnels?lang=${lang}&${qs}&last=14d`);
    const a = await api<FunnelAnswer>('/v1/analytics/funnel', { ...FUNNEL, range: { last: '14d' } });
    await waitForRange(page, a.range.from);
    const chosen = await page.getByTestId('date-range-preset').evaluate((el) => { const s = el as unknown as { selectedOptions: Array<{ textContent: string }> }; return s.selectedOptions[0]!.textContent; });
    assert.equal(chosen, lang === 'en' ? 'From the link: last 14 days' : '来自链接：最近 14 天');
    assert.deepEqual((await page.getByTestId('funnel-step-count').allTextContents()).map(shownInt), a.steps.map((s) => s.count));
    // On the journey map the control sits with the answer: custom dates start from its days.
    await page.goto(`${server.url}/?lang=${lang}&last=14d`);
    await page.getByTestId('jm-ready').waitFor({ timeout: 60_000 });
    await waitForRange(page, a.range.from);
    await page.getByTestId('date-range-preset').selectOption('custom');
    assert.equal(await page.getByTestId('date-range-from').inputValue(), a.range.from!.slice(0, 10));
    assert.equal(await page.getByTestId('date-range-through').inputValue(), new Date(Date.parse(a.range.to!) - 1).toISOString().slice(0, 10));
    await page.close();
  });
}
