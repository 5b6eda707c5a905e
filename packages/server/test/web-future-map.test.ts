import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The future-state journey map end to end: the top ranked intervention planned in the UI, the
// projection banner equal to `POST /v1/twin/simulate` for the same twin interventions, the
// planned badge in the touchpoint's busiest cell, a manual change, the shareable URL, Chinese.
// One real `startServer` on 30k demo events; Debian's Chromium drives the app.
const KEYS = { writeKey: 'tm_write_jmf_test_1234', readKey: 'tm_read_jmf_test_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# future-state map browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;

function api<T>(path: string, body: unknown, status = 200): Promise<T> {
  return readKeyCall<T>(server.url, KEYS.readKey, 'POST', path, body, status);
}

interface Interval { estimate: number; low: number; high: number }
interface Arm { conversionRate: Interval; conversions: Interval; revenue: Interval; clv: Interval }
interface Sim { baseline: Arm; scenario: Arm; change: Arm; probabilityOfIncrease: number }
interface Intervention { id: string; kind: string; touchpoint: string; twin: unknown[] }
interface Cell { stage: string; channel: string; touchpoint: string; people: number }

const cellSel = (c: { stage: string; channel: string; touchpoint: string }) =>
  `[data-testid="jm-cell"][data-stage="${c.stage}"][data-channel="${c.channel}"][data-touchpoint="${c.touchpoint}"]`;

/** The banner's formats (Intl in the page's locale), written out independently of the app. */
function formats(locale: string) {
  const nf = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, o);
  const int = nf({ maximumFractionDigits: 0 });
  const n2 = nf({ maximumFractionDigits: 2 });
  const pct = nf({ style: 'percent', maximumFractionDigits: 1 });
  const sInt = nf({ maximumFractionDigits: 0, signDisplay: 'exceptZero' });
  const sN1 = nf({ maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  // Revenue and CLV are money in the project's currency (USD by default).
  const usd = nf({ style: 'currency', currency: 'USD' });
  const sUsd = nf({ style: 'currency', currency: 'USD', signDisplay: 'exceptZero' });
  const pts = locale === 'en' ? (v: number) => `${sN1.format(v * 100)} pts` : (v: number) => `${sN1.format(v * 100)} 个百分点`;
  return {
    pct: (v: number) => pct.format(v),
    arm: { conversionRate: (v: number) => pct.format(v), conversions: (v: number) => int.format(v), revenue: (v: number) => usd.format(v), clv: (v: number) => usd.format(v) },
    change: { conversionRate: pts, conversions: (v: number) => sInt.format(v), revenue: (v: number) => sUsd.format(v), clv: (v: number) => sUsd.format(v) },
  };
}
const METRICS = ['conversionRate', 'conversions', 'revenue', 'clv'] as const;

/** Every figure of the banner equals the simulation's (estimate and interval, formatted). */
async function assertBanner(page: Page, sim: Sim, locale: string): Promise<void> {
  const f = formats(locale);
  const ready = page.getByTestId('projection-ready');
  for (const m of METRICS) {
    for (const [side, arm, show] of [
      ['baseline', sim.baseline, f.arm[m]],
      ['future', sim.scenario, f.arm[m]],
      ['change', sim.change, f.change[m]],
    ] as const) {
      const v = arm[m];
      const cell = ready.getByTestId(`projection-${side}-${m}`);
      assert.equal(await cell.locator('.estimate').innerText(), show(v.estimate), `${side} ${m}`);
      assert.equal(await cell.locator('.sub').innerText(), `${show(v.low)} – ${show(v.high)}`, `${side} ${m} interval`);
    }
  }
  assert.ok((await ready.getByTestId('projection-probability').innerText()).includes(f.pct(sim.probabilityOfIncrease)));
}

useWebServer('trailmap-jmf-', skip, KEYS, (fx) => ({ server, browser } = fx));

test('future state: the top intervention planned from the keyboard projects what the twin says, pinned in its busiest cell, shareable, in Chinese', { skip: skip ?? false, timeout: 240_000 }, async () => {
  const { interventions } = await api<{ interventions: Intervention[] }>('/v1/interventions', {});
  assert.ok(interventions.length > 0, 'the demo has ranked interventions');
  const top = interventions[0]!;
  const sim = await api<Sim>('/v1/twin/simulate', { interventions: top.twin, by: 'touchpoint' });
  const map = await api<{ cells: Cell[] }>('/v1/analytics/journey-map', {});
  const busiest = map.cells.filter((c) => c.touchpoint === top.touchpoint).sort((a, b) => b.people - a.people)[0];
  assert.ok(busiest, `the map has a cell for ${top.touchpoint}`);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?lang=en`);
  await page.getByTestId('jm-ready').waitFor();
  await page.getByTestId('map-type-select').selectOption('future');
  await page.locator('[data-testid="jm-ready"][data-map-type="future"]').waitFor();
  assert.equal(new URL(page.url()).searchParams.get('type'), 'future');

  // The planner lists the API's ranking in its order; nothing planned yet says so.
  await page.getByTestId('future-intervention').first().waitFor();
  assert.deepEqual(await page.getByTestId('future-intervention').evaluateAll((els) => els.map((e) => (e as unknown as { getAttribute(n: string): string | null }).getAttribute('data-id'))), interventions.map((r) => r.id));
  assert.match(await page.getByTestId('projection').innerText(), /Nothing planned yet/);
  assert.equal(await page.getByTestId('cell-planned').count(), 0);

  // Keyboard: focus the top intervention's checkbox, Space plans it; the URL holds the plan.
  await page.getByTestId('future-intervention').first().getByRole('checkbox').focus();
  await page.keyboard.press('Space');
  await page.locator(`[data-testid="projection-ready"][data-plan="${top.id}"]`).waitFor({ timeout: 60_000 });
  assert.deepEqual(new URL(page.url()).searchParams.getAll('plan'), [top.id]);
  await assertBanner(page, sim, 'en');
  console.log(`# future state: ${top.id} → conversion rate ${await page.getByTestId('projection-change-conversionRate').locator('.estimate').innerText()}, revenue ${await page.getByTestId('projection-change-revenue').locator('.estimate').innerText()}`);

  // The badge is in the touchpoint's busiest cell and nowhere else; the cells keep today's numbers, and say so.
  const badge = page.locator(`${cellSel(busiest)} [data-testid="cell-planned"]`);
  assert.equal(await badge.count(), 1);
  assert.equal(await badge.getAttribute('data-plan-id'), top.id);
  assert.match(await badge.innerText(), new RegExp(`Planned[\\s\\S]*${top.touchpoint}`, 'i'));
  assert.equal(await page.getByTestId('cell-planned').count(), 1);
  assert.equal(await page.locator(cellSel(busiest)).getByTestId('cell-people').innerText(), new Intl.NumberFormat('en').format(busiest.people));
  assert.match(await page.getByTestId('future-note').innerText(), /not numbers per cell/);
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-map-future.png'), fullPage: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-map-future-viewport.png') });

  // A manual change on top, at the busiest other touchpoint: "FROM → (conversion) ×1.2", the twin's answer for both together.
  const pie = map.cells.filter((c) => c.touchpoint !== top.touchpoint).sort((a, b) => b.people - a.people)[0]!;
  const manual = { kind: 'scale_transition', from: pie.touchpoint, to: '(conversion)', factor: 1.2 };
  const both = await api<Sim>('/v1/twin/simulate', { interventions: [...top.twin, manual], by: 'touchpoint' });
  await page.getByTestId('future-from').fill(manual.from);
  await page.getByTestId('future-to').fill(manual.to);
  await page.getByTestId('future-factor').fill('1.2');
  await page.getByTestId('future-add').press('Enter');
  const chg = `${pie.touchpoint}->(conversion)=1.2`;
  await page.locator(`[data-testid="projection-ready"][data-plan="${top.id} + ${chg}"]`).waitFor({ timeout: 60_000 });
  assert.deepEqual(new URL(page.url()).searchParams.getAll('chg'), [chg]);
  await assertBanner(page, both, 'en');
  assert.equal(await page.locator(`${cellSel(pie)} [data-testid="cell-planned"][data-plan-id="${chg}"]`).count(), 1);
  assert.equal(await page.getByTestId('cell-planned').count(), 2);

  // The shared URL reopens the same plan and projection at tablet width.
  const shared = page.url();
  const tablet = await browser.newPage({ viewport: { width: 820, height: 1180 } });
  await tablet.goto(shared);
  await tablet.locator(`[data-testid="projection-ready"][data-plan="${top.id} + ${chg}"]`).waitFor({ timeout: 60_000 });
  await assertBanner(tablet, both, 'en');
  assert.equal(await tablet.locator(`${cellSel(busiest)} [data-testid="cell-planned"][data-plan-id="${top.id}"]`).count(), 1);
  assert.equal(await tablet.locator(`${cellSel(pie)} [data-testid="cell-planned"][data-plan-id="${chg}"]`).count(), 1);
  assert.equal(await tablet.getByTestId('future-intervention').first().getByRole('checkbox').isChecked(), true);
  await tablet.screenshot({ path: join(SCREENSHOTS, 'journey-map-future-tablet.png'), fullPage: true });
  await tablet.close();

  // Removing the manual change goes back to the single intervention's projection.
  await page.getByTestId('future-change').getByRole('button').click();
  await page.locator(`[data-testid="projection-ready"][data-plan="${top.id}"]`).waitFor({ timeout: 60_000 });
  assert.deepEqual(new URL(page.url()).searchParams.getAll('chg'), []);
  await assertBanner(page, sim, 'en');

  // An unknown touchpoint in a shared URL shows the API's 400 naming it.
  await page.goto(`${server.url}/?lang=en&type=future&chg=${encodeURIComponent('Nope->(conversion)=1.5')}`);
  await page.getByTestId('projection').getByRole('alert').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('projection').getByRole('alert').innerText(), /Nope/);
  await page.close();

  // Chinese: the map type, the banner's labels, the badge and zh-CN numbers.
  const zh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await zh.goto(`${server.url}/?lang=zh-CN&type=future&plan=${encodeURIComponent(top.id)}`);
  await zh.locator(`[data-testid="projection-ready"][data-plan="${top.id}"]`).waitFor({ timeout: 60_000 });
  assert.equal(await zh.getByTestId('map-type-select').locator('option:checked').innerText(), '未来状态');
  const banner = await zh.getByTestId('projection').innerText();
  for (const word of ['预测', '当前（基线）', '未来状态', '转化率', '收入', '转化增加的概率']) assert.ok(banner.includes(word), `banner has ${word}`);
  assert.match(await zh.getByTestId('future-note').innerText(), /孪生模型预测的是整个旅程的总量/);
  assert.match(await zh.locator(`${cellSel(busiest)} [data-testid="cell-planned"]`).innerText(), /已计划/);
  await assertBanner(zh, sim, 'zh-CN');
  await zh.screenshot({ path: join(SCREENSHOTS, 'journey-map-future-zh-CN.png'), fullPage: true });
  await zh.close();
});
