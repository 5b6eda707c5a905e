import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type LifecycleResult, type MetricsResult, type PathsResult, type RetentionResult } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The paths (Sankey) and retention pages end to end: one real `startServer` on 30k demo events,
// Debian's Chromium driving the app; every number on screen is checked against the public API.
const KEYS = { writeKey: 'tm_write_web_paths_1234', readKey: 'tm_read_web_paths_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web paths/retention browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;

const api = <T>(path: string, body: unknown) => readKeyCall<T>(server.url, KEYS.readKey, 'POST', path, body);

const nodeRows = (page: Page) => page.getByTestId('paths-node');
type Attr = { getAttribute(name: string): string | null };
const nodeIds = async (page: Page) => nodeRows(page).evaluateAll((rows) => rows.map((r) => (r as unknown as Attr).getAttribute('data-id')));
// Expressions run in the page (this package is compiled without the DOM library).
const NODE_IDS_JS = `JSON.stringify([...document.querySelectorAll('[data-testid="paths-node"]')].map((r) => r.getAttribute('data-id')))`;
const cohortRowsJs = (n: number) => `document.querySelectorAll('[data-testid="ret-cohort"]').length === ${n}`;

useWebServer('trailmap-web-paths-', skip, KEYS, (fx) => ({ server, browser } = fx));

test('paths: a Sankey from "Checkout Started" by event matches the API; depth, cleaning and exclusions go through the URL', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('link', { name: 'Paths' }).click();
  await page.getByTestId('paths-ready').waitFor();
  // The anchor choices are the touchpoint catalogue.
  await page.getByTestId('paths-from').selectOption('Checkout Started');
  await page.getByTestId('paths-by').selectOption('event');
  await page.getByTestId('paths-depth').selectOption('3');
  await page.waitForURL((u) => u.searchParams.get('from') === 'Checkout Started' && u.searchParams.get('by') === 'event' && u.searchParams.get('depth') === '3');
  await page.locator('[data-testid="paths-ready"][data-depth="3"]').waitFor();
  await page.getByTestId('paths-sankey').locator('svg').waitFor();

  const def = { start: { touchpoint: 'Checkout Started' }, by: 'event', depth: 3, coverage: 0.8, cleaning: [], exclude: [] };
  const d3 = await api<PathsResult>('/v1/analytics/paths', def);
  // The complete paths listed under the chart are the API's top 10, in order.
  const full = (await api<PathsResult>('/v1/analytics/paths', { ...def, topPaths: 10 })).topPaths!;
  // The anchor is the touchpoint, which folds the Checkout page view and the Checkout Started event; by event, a path starts at either.
  assert.ok(full.length > 1 && ['Checkout', 'Checkout Started'].includes(full[0]!.steps[0]!), JSON.stringify(full[0]));
  const fullRows = page.getByTestId('paths-top-row');
  const shown: string[][] = [];
  for (let i = 0; i < (await fullRows.count()); i++) shown.push(await fullRows.nth(i).locator('td').allInnerTexts());
  assert.deepEqual(
    shown,
    full.map((p) => [p.steps.join(' → '), p.count.toLocaleString('en'), new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(p.share)]),
  );
  assert.equal(d3.mode, 'after');
  // By event, the folded anchor touchpoint is two nodes at step 0: the Checkout page view and the Checkout Started event, largest first.
  assert.ok(['0:Checkout', '0:Checkout Started'].includes(d3.nodes[0]!.id), d3.nodes[0]!.id);
  assert.ok(d3.nodes[0]!.count > 100, 'the demo has checkouts');
  // The first node (the anchor) and its count, as the API gives them; every node and edge listed.
  assert.equal(await nodeRows(page).first().getAttribute('data-id'), d3.nodes[0]!.id);
  assert.equal(await page.getByTestId('paths-node-count').first().innerText(), d3.nodes[0]!.count.toLocaleString('en'));
  assert.deepEqual(await nodeIds(page), d3.nodes.map((n) => n.id));
  assert.equal(await page.getByTestId('paths-edge').count(), d3.edges.length);
  assert.match(await page.getByTestId('paths-summary').innerText(), new RegExp(`^${d3.totalPaths.toLocaleString('en')} visits from Checkout Started`));
  // The anchor node's tooltip (hover the first column, 8 px margin + 20 px node) gives its paths and drop-off.
  const sankey = page.getByTestId('paths-sankey');
  const box = (await sankey.boundingBox())!;
  await sankey.hover({ position: { x: 18, y: box.height / 2 } });
  const a = d3.nodes[0]!;
  const tip = sankey.getByText(`Drop-off: ${a.dropOff.toLocaleString('en')} (`);
  await tip.waitFor();
  assert.match(await sankey.innerText(), new RegExp(`Paths: ${a.count.toLocaleString('en')}`));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(SCREENSHOTS, 'paths.png'), fullPage: true });

  // Depth 5: the URL and the chart follow.
  await page.getByTestId('paths-depth').selectOption('5');
  await page.waitForURL((u) => u.searchParams.get('depth') === '5');
  await page.locator('[data-testid="paths-ready"][data-depth="5"]').waitFor();
  const d5 = await api<PathsResult>('/v1/analytics/paths', { ...def, depth: 5 });
  assert.ok(Math.max(...d5.nodes.map((n) => n.depth)) > 3, 'deeper steps appear');
  assert.equal(await page.getByTestId('paths-ready').getAttribute('data-nodes'), String(d5.nodes.length));
  assert.deepEqual(await nodeIds(page), d5.nodes.map((n) => n.id));
  await page.getByTestId('paths-sankey').locator('svg').waitFor();

  // A cleaning rule and an exclusion, applied from the form, change the result as the API says.
  await page.getByRole('button', { name: 'Add a rule' }).click();
  await page.getByRole('textbox', { name: 'Pattern of rule 1' }).fill('^(Payment Info Entered|Order Completed)$');
  await page.getByRole('textbox', { name: 'Label of rule 1' }).fill('Purchase');
  await page.getByRole('button', { name: 'Apply rules' }).click();
  await page.waitForURL((u) => u.searchParams.getAll('clean').length === 1);
  await page.getByTestId('paths-exclude-input').fill('Email Sent');
  await page.getByRole('button', { name: 'Exclude', exact: true }).click();
  await page.waitForURL((u) => u.searchParams.getAll('exclude').includes('Email Sent'));
  const cleaned = await api<PathsResult>('/v1/analytics/paths', {
    ...def,
    depth: 5,
    cleaning: [{ regex: '^(Payment Info Entered|Order Completed)$', label: 'Purchase' }],
    exclude: ['Email Sent'],
  });
  assert.ok(cleaned.nodes.some((n) => n.label === 'Purchase') && !cleaned.nodes.some((n) => n.label === 'Email Sent'));
  await page.waitForFunction(`${NODE_IDS_JS} === ${JSON.stringify(JSON.stringify(cleaned.nodes.map((n) => n.id)))}`);
  assert.equal(await page.getByRole('button', { name: 'Stop excluding Email Sent' }).count(), 1);

  // Counting people: the summary, headers and counts follow the API's countBy: person answer.
  await page.getByTestId('paths-count').selectOption('person');
  await page.waitForURL((u) => u.searchParams.get('count') === 'person');
  const people = await api<PathsResult>('/v1/analytics/paths', {
    ...def,
    depth: 5,
    cleaning: [{ regex: '^(Payment Info Entered|Order Completed)$', label: 'Purchase' }],
    exclude: ['Email Sent'],
    countBy: 'person',
  });
  assert.ok(people.totalPaths < cleaned.totalPaths, 'fewer people than visits');
  await page.getByTestId('paths-summary').filter({ hasText: `${people.totalPaths.toLocaleString('en')} people with a visit from Checkout Started` }).waitFor();
  assert.equal(await page.getByTestId('paths-node-count').first().innerText(), people.nodes[0]!.count.toLocaleString('en'));
  assert.deepEqual(await page.getByTestId('paths-nodes').locator('thead th').allInnerTexts(), ['Step', 'Name', 'People', 'Drop-off', 'Drop-off share']);

  // The shared URL reopens the same view at tablet width.
  const shared = await browser.newPage({ viewport: { width: 820, height: 1100 } });
  await shared.goto(page.url());
  await shared.getByTestId('paths-ready').waitFor();
  assert.equal(await shared.getByTestId('paths-from').inputValue(), 'Checkout Started');
  assert.equal(await shared.getByRole('textbox', { name: 'Label of rule 1' }).inputValue(), 'Purchase');
  assert.deepEqual(await nodeIds(shared), cleaned.nodes.map((n) => n.id));
  await shared.getByTestId('paths-sankey').locator('svg').waitFor();
  await shared.screenshot({ path: join(SCREENSHOTS, 'paths-tablet.png'), fullPage: true });
  await shared.close();
  await page.close();
});

test('retention: the cohort grid matches the API (blank, not 0%, when not observed), lifecycle and CSAT/NPS/CES trends draw', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('link', { name: 'Retention' }).click();
  await page.getByTestId('ret-grid-ready').waitFor();
  await page.getByTestId('ret-start').selectOption('Product Viewed');
  await page.getByTestId('ret-return').selectOption('Order Completed');
  await page.waitForURL((u) => u.searchParams.get('start') === 'Product Viewed' && u.searchParams.get('return') === 'Order Completed');

  const grid = await api<RetentionResult>('/v1/analytics/retention', {
    start: { touchpoint: 'Product Viewed' },
    return: { touchpoint: 'Order Completed' },
    period: 'week',
    periods: 12,
    mode: 'on',
    startMode: 'first_time',
  });
  assert.ok(grid.cohorts.length > 3);
  await page.waitForFunction(cohortRowsJs(grid.cohorts.length));
  const first = page.getByTestId('ret-cohort').first();
  await page.waitForFunction(`document.querySelector('[data-testid="ret-cohort"]')?.getAttribute('data-cohort') === ${JSON.stringify(grid.cohorts[0]!.cohort)}`);
  assert.equal(await first.getByTestId('ret-cohort-size').innerText(), grid.cohorts[0]!.size.toLocaleString('en'));
  // Week 1 of the first cohort, as a percent of the API's rate.
  const week1 = grid.cohorts[0]!.values[1]!;
  assert.equal(await first.getByTestId('ret-value').nth(1).innerText(), new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(week1.rate!));
  // The youngest cohort is incomplete: its unobserved cells are blank, not 0%.
  const last = grid.cohorts.at(-1)!;
  assert.ok(last.incomplete);
  const nulls = last.values.filter((v) => v.rate === null).length;
  assert.ok(nulls > 0);
  const lastRow = page.getByTestId('ret-cohort').last();
  assert.equal(await lastRow.locator('td.ret-cell.na').count(), nulls);
  assert.deepEqual([...new Set(await lastRow.locator('td.ret-cell.na').allInnerTexts())], ['']);

  // Lifecycle (active = did the return step, by week) and the experience trends (metrics series).
  const lifecycle = await api<LifecycleResult>('/v1/analytics/lifecycle', { event: { touchpoint: 'Order Completed' }, period: 'week' });
  assert.ok(lifecycle.rows.length > 3 && lifecycle.rows.some((r) => r.dormant < 0));
  await page.getByTestId('ret-lifecycle').locator('canvas').waitFor();
  const metrics = await api<MetricsResult>('/v1/analytics/metrics', { interval: 'month' });
  const overall = metrics.rows[0]!;
  assert.ok(overall.csat.responses > 0 && overall.nps.responses > 0 && overall.ces.responses > 0, 'the demo has survey answers');
  for (const kind of ['csat', 'nps', 'ces']) await page.getByTestId(`ret-trend-${kind}`).locator('svg').waitFor();
  assert.equal(
    await page.getByTestId('ret-overall-nps').innerText(),
    `NPS ${new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(Math.round(overall.nps.score!))} (${overall.nps.responses.toLocaleString('en')} responses)`,
  );
  assert.match(await page.getByTestId('ret-overall-csat').innerText(), new RegExp(`\\(mean .*, ${overall.csat.responses} responses\\)$`));
  await page.screenshot({ path: join(SCREENSHOTS, 'retention.png'), fullPage: true });
  await page.getByTestId('ret-interval').selectOption('week');
  await page.waitForURL((u) => u.searchParams.get('interval') === 'week');
  await page.getByTestId('ret-trend-nps').locator('svg').waitFor();

  // Month periods: URL and grid follow.
  await page.getByTestId('ret-period').selectOption('month');
  await page.waitForURL((u) => u.searchParams.get('period') === 'month');
  const monthly = await api<RetentionResult>('/v1/analytics/retention', {
    start: { touchpoint: 'Product Viewed' },
    return: { touchpoint: 'Order Completed' },
    period: 'month',
    periods: 12,
    mode: 'on',
    startMode: 'first_time',
  });
  await page.waitForFunction(cohortRowsJs(monthly.cohorts.length));
  assert.equal(await page.getByTestId('ret-cohort-size').first().innerText(), monthly.cohorts[0]!.size.toLocaleString('en'));
  await page.close();
});

test('retention in Chinese: labels from the catalogue, numbers in the zh-CN locale, at tablet width', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const ctx = await browser.newContext({ viewport: { width: 820, height: 1100 }, locale: 'en-US' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/retention?lang=zh-CN&period=week&periods=8`);
  await page.getByTestId('ret-grid-ready').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '留存与体验趋势');
  assert.equal(await page.getByRole('link', { name: '路径' }).count(), 1);
  const headers = await page.getByTestId('ret-grid').locator('thead th').allInnerTexts();
  assert.deepEqual(headers.slice(0, 3), ['同期群', '人数', '第 0 周']);
  assert.equal(headers.length, 2 + 9);
  const grid = await api<RetentionResult>('/v1/analytics/retention', { start: {}, return: {}, period: 'week', periods: 8, mode: 'on', startMode: 'first_time' });
  assert.equal(await page.getByTestId('ret-cohort-size').first().innerText(), grid.cohorts[0]!.size.toLocaleString('zh-CN'));
  await page.getByTestId('ret-lifecycle').locator('canvas').waitFor();
  await page.getByTestId('ret-trend-csat').locator('svg').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'retention-zh-CN.png'), fullPage: true });
  await ctx.close();
});
