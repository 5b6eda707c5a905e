import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseCsv } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// Saved insights, dashboards, CSV and PNG exports and the app's 404 page, end to end in English and Chinese.
const KEYS = { writeKey: 'tm_write_web_ins_1234', readKey: 'tm_read_web_ins_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-insights browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-ins-', skip, KEYS, (fx) => ({ server, browser } = fx));

const api = <T>(method: string, path: string, body?: unknown, status = 200) => readKeyCall<T>(server.url, KEYS.readKey, method, path, body, status);
interface Insight { id: string; kind: string; name: string; description: string; chart: string; definition: Record<string, unknown>; view: string | null }

/** The two touchpoints most people reach, for a funnel with data. */
async function twoSteps(): Promise<[string, string]> {
  const { touchpoints } = await api<{ touchpoints: Array<{ touchpoint: string; people: number }> }>('GET', '/v1/touchpoints');
  const top = [...touchpoints].sort((a, b) => b.people - a.people);
  return [top[0]!.touchpoint, top[1]!.touchpoint];
}

const newPage = async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('dialog', (d) => void d.accept());
  return page;
};

/** The table's cells as the page shows them, row by row. */
const domRows = (page: Page, selector: string) =>
  page.evaluate(
    `[...document.querySelector(${JSON.stringify(selector)}).rows].map((tr) => [...tr.cells].filter((c) => !c.hasAttribute('data-csv-skip')).flatMap((c) => [c.innerText.replace(/\\s*\\n\\s*/g, ' ').trim(), ...Array(c.colSpan - 1).fill('')]))`,
  ) as Promise<string[][]>;

const L = {
  en: { save: 'Save insight', submit: 'Save', update: (n: string) => `Update “${n}”`, notFound: 'Page not found', back: 'Go to the journey map', noInsight: 'No saved insight has this link (it may have been deleted).', backInsights: 'Back to saved insights', csv: 'Download this table as CSV' },
  'zh-CN': { save: '保存洞察', submit: '保存', update: (n: string) => `更新“${n}”`, notFound: '页面不存在', back: '前往客户旅程地图', noInsight: '没有与此链接对应的已保存洞察（可能已被删除）。', backInsights: '返回已保存的洞察', csv: '将此表格下载为 CSV' },
} as const;

for (const lang of ['en', 'zh-CN'] as const) {
  const l = L[lang];
  test(`${lang}: save a funnel from its page, list it, open it, edit it (page and list), delete it`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const [a, b] = await twoSteps();
    const page = await newPage();
    const query = `?step=${encodeURIComponent(a)}&step=${encodeURIComponent(b)}&window=7d`;
    await page.goto(`${server.url}/funnels${query}&lang=${lang}`);
    await page.getByTestId('funnel-bars').waitFor();
    await page.getByRole('button', { name: l.save }).click();
    const name = `${lang} checkout ${Date.now()}`;
    await page.getByTestId('save-insight-name').fill(name);
    await page.getByTestId('save-insight-description').fill('weekly check');
    await page.getByTestId('save-insight-chart').selectOption('trend');
    await page.getByRole('button', { name: l.submit, exact: true }).click();
    await page.getByTestId('save-insight-status').waitFor();
    await page.waitForURL((u) => u.searchParams.has('insight'));
    const id = new URL(page.url()).searchParams.get('insight')!;
    const saved = await api<Insight>('GET', `/v1/insights/${id}`);
    assert.deepEqual([saved.kind, saved.name, saved.description, saved.chart], ['funnel', name, 'weekly check', 'trend']);
    assert.deepEqual((saved.definition.steps as Array<{ touchpoint: string }>).map((s) => s.touchpoint), [a, b]);
    assert.equal(saved.definition.window, '7d');
    assert.equal(new URLSearchParams(saved.view!).getAll('step').join('|'), `${a}|${b}`, 'the page query is kept, without the language');
    assert.equal(new URLSearchParams(saved.view!).has('lang'), false);

    // Listed; opening it gives the page as saved, in "editing" mode.
    await page.goto(`${server.url}/insights?lang=${lang}`);
    const row = page.locator(`[data-testid="insight-row"][data-insight-id="${id}"]`);
    await row.waitFor();
    await row.getByTestId('insight-open').click();
    await page.waitForURL((u) => u.pathname === '/funnels' && u.searchParams.get('insight') === id && u.searchParams.getAll('step').join('|') === `${a}|${b}`);
    await page.getByTestId('insight-editing').waitFor();
    // The stable link /insights/:id opens the same page.
    await page.goto(`${server.url}/insights/${id}?lang=${lang}`);
    await page.waitForURL((u) => u.pathname === '/funnels' && u.searchParams.get('insight') === id);
    await page.getByTestId('funnel-bars').waitFor();

    // Edit on the page: another window, then "Update".
    await page.getByTestId('funnel-bars').waitFor();
    await page.getByLabel(lang === 'en' ? 'Conversion window' : '转化窗口').selectOption('14d');
    await page.waitForURL((u) => u.searchParams.get('window') === '14d');
    await page.getByRole('button', { name: l.save }).click();
    await page.getByRole('button', { name: l.update(name) }).click();
    await page.getByTestId('save-insight-status').waitFor();
    const updated = await api<Insight>('GET', `/v1/insights/${id}`);
    assert.equal(updated.definition.window, '14d');
    assert.equal(new URLSearchParams(updated.view!).get('window'), '14d');

    // Edit in the list: name and chart.
    await page.goto(`${server.url}/insights?lang=${lang}`);
    await row.getByTestId('insight-edit').click();
    await row.getByTestId('insight-edit-name').fill(`${name} (renamed)`);
    await row.getByTestId('insight-edit-chart').selectOption('table');
    await row.getByTestId('insight-edit-save').click();
    await page.getByText(`${name} (renamed)`).waitFor();
    const renamed = await api<Insight>('GET', `/v1/insights/${id}`);
    assert.deepEqual([renamed.name, renamed.chart, renamed.definition.window], [`${name} (renamed)`, 'table', '14d']);

    // Delete (the confirm dialog is accepted).
    await row.getByTestId('insight-delete').click();
    await page.getByTestId('insights-status').waitFor();
    await api('GET', `/v1/insights/${id}`, undefined, 404);
    assert.equal(await row.count(), 0);
    await page.close();
  });

  test(`${lang}: a dashboard grid of saved insights, each drawn from a fresh run; tiles added, moved and removed; its link`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const [a, b] = await twoSteps();
    const funnel = await api<Insight>('POST', '/v1/insights', { kind: 'funnel', name: `Funnel ${lang}`, chart: 'funnel', definition: { steps: [{ touchpoint: a }, { touchpoint: b }] } }, 201);
    const table = await api<Insight>('POST', '/v1/insights', { kind: 'funnel', name: `Table ${lang}`, chart: 'table', definition: { steps: [{ touchpoint: a }, { touchpoint: b }] } }, 201);
    const page = await newPage();
    await page.goto(`${server.url}/dashboards?lang=${lang}`);
    await page.getByTestId('dashboard-new-name').fill(`Board ${lang}`);
    await page.getByTestId('dashboard-create').click();
    await page.waitForURL((u) => /^\/dashboards\/[^/]+$/.test(u.pathname));
    const id = new URL(page.url()).pathname.split('/')[2]!;
    for (const [insight, width] of [[funnel, '2'], [table, '1']] as const) {
      await page.getByTestId('tile-insight').selectOption(insight.id);
      await page.getByTestId('tile-width').selectOption(width);
      await page.getByTestId('tile-add').click();
      await page.locator(`[data-testid="dashboard-tile"][data-insight-id="${insight.id}"]`).waitFor();
    }
    const tiles = page.getByTestId('dashboard-tile');
    await tiles.nth(0).getByTestId('funnel-bars').waitFor();
    await tiles.nth(1).getByTestId('insight-table').waitFor();
    // The table tile shows the funnel as run now.
    const result = await api<{ steps: Array<{ count: number }> }>('POST', '/v1/analytics/funnel', funnel.definition);
    const rows = await domRows(page, '[data-testid="dashboard-tile"]:nth-child(2) [data-testid="insight-table"]');
    assert.deepEqual(rows.slice(1).map((r) => r[1]), result.steps.map((s) => s.count.toLocaleString(lang)));
    const stored = await api<{ tiles: Array<{ insightId: string; width: number }> }>('GET', `/v1/dashboards/${id}`);
    assert.deepEqual(stored.tiles.map((t) => [t.insightId, t.width]), [[funnel.id, 2], [table.id, 1]]);
    await page.screenshot({ path: join(SCREENSHOTS, `dashboard-${lang}.png`), fullPage: true });

    // The stable link opens the grid directly; Refresh runs every tile again.
    const direct = await newPage();
    await direct.goto(`${server.url}/dashboards/${id}?lang=${lang}`);
    await direct.getByTestId('dashboard-tile').nth(1).getByTestId('insight-table').waitFor();
    assert.equal(await direct.getByTestId('dashboard-name').innerText(), `Board ${lang}`);
    const runs: string[] = [];
    direct.on('request', (r) => r.url().endsWith('/v1/analytics/funnel') && runs.push(r.url()));
    await direct.getByTestId('dashboard-refresh').click();
    await direct.waitForFunction(`document.querySelectorAll('[data-testid="insight-view"]').length === 2`);
    await direct.waitForTimeout(300);
    assert.equal(runs.length, 2, 'each tile ran again');
    await direct.close();

    // Move the second tile earlier, then remove one.
    await tiles.nth(1).getByRole('button', { name: lang === 'en' ? `Move “Table ${lang}” earlier` : `将“Table ${lang}”前移` }).click();
    await page.waitForFunction(`document.querySelector('[data-testid="dashboard-tile"]').dataset.insightId === ${JSON.stringify(table.id)}`);
    await tiles.nth(0).getByTestId('tile-remove').click();
    await page.waitForFunction(`document.querySelectorAll('[data-testid="dashboard-tile"]').length === 1`);
    assert.deepEqual((await api<{ tiles: Array<{ insightId: string }> }>('GET', `/v1/dashboards/${id}`)).tiles.map((t) => t.insightId), [funnel.id]);
    await page.getByTestId('dashboard-delete').click();
    await page.waitForURL((u) => u.pathname === '/dashboards');
    await api('GET', `/v1/dashboards/${id}`, undefined, 404);
    await page.close();
  });

  test(`${lang}: every table downloads as the CSV it shows; every chart as a PNG`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const [a, b] = await twoSteps();
    const page = await newPage();
    await page.goto(`${server.url}/funnels?step=${encodeURIComponent(a)}&step=${encodeURIComponent(b)}&breakdown=persona&lang=${lang}`);
    const box = page.locator('.csv-table').filter({ has: page.locator('table.breakdown') });
    await box.waitFor();
    const button = box.getByRole('button', { name: l.csv });
    const [csv] = await Promise.all([page.waitForEvent('download'), button.click()]);
    assert.match(csv.suggestedFilename(), /\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    assert.ok(text.startsWith('\ufeff'), 'a byte-order mark, so spreadsheets read UTF-8');
    const expected = await domRows(page, '.csv-table table.breakdown');
    assert.deepEqual(parseCsv(text.slice(1)), expected);
    assert.ok(expected.length > 2, 'the breakdown has rows');

    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('funnel-bars').locator('..').getByTestId('png-download').click()]);
    assert.match(png.suggestedFilename(), /\.png$/);
    const bytes = readFileSync((await png.path())!);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
    assert.ok(bytes.readUInt32BE(16) >= 1000, 'drawn at twice the screen width');

    // The SVG-drawn Sankey also downloads as a PNG.
    await page.goto(`${server.url}/paths?lang=${lang}`);
    await page.getByTestId('paths-sankey').waitFor();
    const [sankey] = await Promise.all([page.waitForEvent('download'), page.getByTestId('paths-sankey').locator('..').getByTestId('png-download').click()]);
    assert.deepEqual([...readFileSync((await sankey.path())!).subarray(1, 4)], [...Buffer.from('PNG')]);
    // A paths table's CSV too.
    const paths = page.locator('.csv-table').first();
    const [pcsv] = await Promise.all([page.waitForEvent('download'), paths.getByTestId('csv-download').click()]);
    const ptable = await paths.locator('table').getAttribute('data-testid');
    assert.deepEqual(parseCsv(readFileSync((await pcsv.path())!, 'utf8').slice(1)), await domRows(page, `table[data-testid="${ptable}"]`));
    await page.close();
  });

  test(`${lang}: a mistyped address is the app's 404 page with a way back; a deleted insight's or dashboard's link says so`, { skip: skip ?? false, timeout: 60_000 }, async () => {
    const page = await newPage();
    for (const path of ['/funnels/xyz', '/nope', '/insights/nope/deeper']) {
      const res = await page.goto(`${server.url}${path}?lang=${lang}`);
      assert.equal(res!.status(), 404, path);
      assert.match(res!.headers()['content-type']!, /text\/html/);
      await page.getByRole('heading', { name: l.notFound }).waitFor();
    }
    await page.getByRole('link', { name: l.back }).click();
    await page.waitForURL((u) => u.pathname === '/');
    // The API's own misses stay JSON.
    const apiMiss = await fetch(`${server.url}/v1/nothing`, { headers: { accept: 'text/html' } });
    assert.deepEqual([apiMiss.status, ((await apiMiss.json()) as { error: { code: string } }).error.code], [404, 'not_found']);

    await page.goto(`${server.url}/insights/nope?lang=${lang}`);
    await page.getByRole('heading', { name: l.noInsight }).waitFor();
    await page.getByRole('link', { name: l.backInsights }).click();
    await page.waitForURL((u) => u.pathname === '/insights');
    await page.goto(`${server.url}/dashboards/nope?lang=${lang}`);
    await page.getByTestId('not-found').waitFor();
    await page.close();
  });
}

test('en: every analysis page saves what it runs: the stored definition is the body the page POSTed', { skip: skip ?? false, timeout: 240_000 }, async () => {
  const PAGES = [
    { path: '/paths', kind: 'paths', endpoint: '/v1/analytics/paths', ready: 'paths-sankey' },
    { path: '/retention', kind: 'retention', endpoint: '/v1/analytics/retention', ready: 'ret-grid-ready' },
    { path: '/', kind: 'journey-map', endpoint: '/v1/analytics/journey-map', ready: 'jm-ready' },
    { path: '/attribution', kind: 'attribution', endpoint: '/v1/attribution', ready: 'attr-models-ready' },
  ] as const;
  for (const p of PAGES) {
    const page = await newPage();
    const bodies: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && new URL(r.url()).pathname === p.endpoint && bodies.push(r.postData() ?? ''));
    await page.goto(`${server.url}${p.path}?lang=en`);
    await page.getByTestId(p.ready).waitFor({ timeout: 120_000 });
    const form = page.getByTestId('save-insight').first();
    await form.getByTestId('save-insight-open').click();
    await form.getByTestId('save-insight-name').fill(`Saved ${p.kind}`);
    await form.getByTestId('save-insight-submit').click();
    await page.waitForURL((u) => u.searchParams.has('insight'));
    const saved = await api<Insight>('GET', `/v1/insights/${new URL(page.url()).searchParams.get('insight')}`);
    assert.equal(saved.kind, p.kind);
    assert.ok(bodies.some((b) => JSON.stringify(JSON.parse(b)) === JSON.stringify(saved.definition) || assertSame(JSON.parse(b), saved.definition)), `${p.kind}: the saved definition is one the page ran (${JSON.stringify(saved.definition)})`);
    await page.close();
  }
});

/** Deep equality without the key order (the state store keeps a definition as jsonb). */
function assertSame(a: unknown, b: unknown): boolean {
  try {
    assert.deepEqual(a, b);
    return true;
  } catch {
    return false;
  }
}
