import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { FunnelResult, LifecycleResult, MetricsResult, PathsResult, RetentionResult } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// Issue 11, items 3, 5 and 9 in the browser (Debian's Chromium) on 30k demo events, in English and
// Chinese: paths that show the flow (coverage said exactly, "show all", shares adding up, no
// overlapping labels), honest charts (incomplete periods marked with a legend, NPS an integer drawn
// from 0, money with the project's currency) and attribution saying what it cut.
const KEYS = { writeKey: 'tm_write_web_honest_1234', readKey: 'tm_read_web_honest_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web honest-charts browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-honest-', skip, KEYS, (fx) => ({ server, browser } = fx));

const api = <T>(path: string, body: unknown) => readKeyCall<T>(server.url, KEYS.readKey, 'POST', path, body);
const LOCALES = ['en', 'zh-CN'] as const;
const int = (lang: string, n: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n);
const pct = (lang: string, n: number) => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(n);

/** The SVG text boxes of the Sankey's labels (run in the page). */
const LABEL_BOXES_JS = `JSON.stringify([...document.querySelectorAll('[data-testid="paths-sankey"] svg text')].filter((t) => t.textContent && t.textContent.trim() !== '').map((t) => { const b = t.getBoundingClientRect(); return { text: t.textContent, x: b.x, y: b.y, w: b.width, h: b.height }; }))`;

async function labelBoxes(page: Page): Promise<Array<{ text: string; x: number; y: number; w: number; h: number }>> {
  return JSON.parse((await page.evaluate(LABEL_BOXES_JS)) as string);
}

for (const lang of LOCALES) {
  test(`paths (${lang}): the main flow with what is left out said exactly, "show all", shares of moves out that add up, labels that do not overlap`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/paths?lang=${lang}&by=event&depth=5`);
    await page.locator('[data-testid="paths-ready"][data-depth="5"]').waitFor();
    const base = { by: 'event', depth: 5, topPaths: 10, countBy: 'session', cleaning: [], exclude: [] };
    const main = await api<PathsResult>('/v1/analytics/paths', { ...base, coverage: 0.8 });
    assert.ok(main.otherEdges > 0, 'the demo has small transitions to leave out');
    // Per step, the drawn edges carry at least 80% of the moves.
    const depthOf = new Map(main.nodes.map((n) => [n.id, n.depth]));
    const all = await api<PathsResult>('/v1/analytics/paths', { ...base, coverage: 1 });
    for (const d of new Set(all.edges.map((e) => Number(e.source.split(':')[0])))) {
      const stepFlow = all.edges.filter((e) => e.source.startsWith(`${d}:`)).reduce((s, e) => s + e.count, 0);
      const drawn = main.edges.filter((e) => depthOf.get(e.source) === d).reduce((s, e) => s + e.count, 0);
      assert.ok(drawn >= 0.8 * stepFlow, `step ${d}: ${drawn} of ${stepFlow}`);
    }
    // The largest node of every column that goes on in the data has an outgoing link drawn.
    for (const d of new Set(main.nodes.map((n) => n.depth))) {
      const largest = main.nodes.filter((n) => n.depth === d).sort((a, b) => b.count - a.count)[0]!;
      if (all.edges.some((e) => e.source === largest.id)) assert.ok(main.edges.some((e) => e.source === largest.id), `${largest.id} has an outgoing link`);
    }
    // The coverage line says exactly what is left out, of how much.
    const coverage = page.getByTestId('paths-coverage');
    assert.equal(await coverage.getAttribute('data-other-edges'), String(main.otherEdges));
    const text = await coverage.innerText();
    for (const n of [main.otherEdges, main.otherCount, main.flow]) assert.ok(text.includes(int(lang, n)), `${text} names ${n}`);
    assert.ok(text.includes(pct(lang, main.otherCount / main.flow)), text);
    assert.equal(await page.getByTestId('paths-edge').count(), main.edges.length);
    // No two labels of the chart overlap, and the biggest nodes are labelled.
    await page.getByTestId('paths-sankey').locator('svg').waitFor();
    const boxes = await labelBoxes(page);
    assert.ok(boxes.length >= 3, `labels drawn: ${boxes.length}`);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlap = a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;
        assert.ok(!overlap, `labels overlap: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
      }
    const anchor = main.nodes.filter((n) => n.depth === 0).sort((a, b) => b.count - a.count)[0]!;
    assert.ok(boxes.some((b) => b.text.startsWith(anchor.label)), `the largest first-step node ${anchor.label} is labelled`);
    await page.screenshot({ path: join(SCREENSHOTS, `paths-main-flow-${lang}.png`), fullPage: true });

    // "Show all": every transition, the URL says so, nothing is left out.
    await page.getByTestId('paths-show-all').click();
    await page.waitForURL((u) => u.searchParams.get('edges') === 'all');
    await page.locator(`[data-testid="paths-ready"][data-edges="${all.edges.length}"]`).waitFor();
    assert.equal(await page.getByTestId('paths-coverage').getAttribute('data-other-edges'), '0');
    assert.ok((await page.getByTestId('paths-coverage').innerText()).includes(int(lang, all.flow)));
    await page.getByTestId('paths-show-main').click();
    await page.waitForURL((u) => !u.searchParams.has('edges'));

    // Counting people: each step's shares (edges and drop-off) add up to 100%, and the page says of what.
    await page.getByTestId('paths-count').selectOption('person');
    await page.waitForURL((u) => u.searchParams.get('count') === 'person');
    const people = await api<PathsResult>('/v1/analytics/paths', { ...base, coverage: 1, countBy: 'person' });
    for (const n of people.nodes) {
      const sum = people.edges.filter((e) => e.source === n.id).reduce((s, e) => s + e.share, 0) + n.dropOffShare;
      assert.ok(Math.abs(sum - 1) < 1e-9, `${n.id}: shares add up to ${sum}`);
    }
    assert.ok(people.nodes.some((n) => n.exits > n.count), 'some people left a step in more than one way');
    await page.getByTestId('paths-share-note').filter({ hasText: lang === 'en' ? 'moves out of a step' : '去向' }).waitFor();
    await page.close();
  });
}

/** The JSON answer of the page's own request to an analysis (so the test checks what the page drew). */
const answerOf = <T>(page: Page, path: string) =>
  page.waitForResponse((r) => r.url().endsWith(path) && r.request().method() === 'POST' && r.status() === 200).then(async (r) => (await r.json()) as T);

/** The boxes of the NPS chart's bars (SVG paths in the bar colours) and the chart's own box (run in the page). */
const NPS_BARS_JS = `JSON.stringify((() => {
  const box = document.querySelector('[data-testid="ret-trend-nps"]');
  const colours = ['#1e8449', 'rgb(30,132,73)', '#c0392b', 'rgb(192,57,43)'];
  const bars = [...box.querySelectorAll('svg path')].filter((p) => colours.includes((p.getAttribute('fill') || '').replace(/ /g, '').toLowerCase())).map((p) => { const b = p.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, height: b.height, fill: p.getAttribute('fill') }; }).filter((b) => b.height > 0);
  const r = box.getBoundingClientRect();
  return { top: r.top, height: r.height, bars };
})())`;

for (const lang of LOCALES) {
  test(`honest charts (${lang}): incomplete retention cells, lifecycle months and trend periods are marked with a legend; NPS is a whole number drawn from 0`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const grid = answerOf<RetentionResult>(page, '/v1/analytics/retention');
    const life = answerOf<LifecycleResult>(page, '/v1/analytics/lifecycle');
    const trends = answerOf<MetricsResult>(page, '/v1/analytics/metrics');
    await page.goto(`${server.url}/retention?lang=${lang}&start=Product%20Viewed&return=Order%20Completed&period=week&periods=12&interval=week`);
    await page.getByTestId('ret-grid-ready').waitFor();
    const [g, l, m] = await Promise.all([grid, life, trends]);
    // Retention: every observed cell of a running period is hatched (class incomplete), the others not; the legend counts them.
    const open = g.cohorts.reduce((s, c) => s + c.values.filter((v) => v.count !== null && !v.complete).length, 0);
    assert.ok(open > 0, 'the demo data ends inside a week');
    assert.equal(await page.getByTestId('ret-cohort').locator('td.ret-cell.incomplete').count(), g.cohorts.reduce((s, c) => s + c.values.filter((v) => v.count !== null && !v.complete).length, 0));
    const legend = page.getByTestId('ret-grid-incomplete');
    assert.equal(await legend.getAttribute('data-count'), String(open));
    const until = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' }).format(new Date(g.observedUntil!));
    assert.ok((await legend.innerText()).includes(until), `${await legend.innerText()} gives the end of the data ${until}`);
    assert.ok((await legend.innerText()).startsWith(lang === 'en' ? 'Hatched: incomplete period' : '斜线阴影：未完结的周期'));
    // Cell by cell, the grid marks what the API says (observed cells in cohort order).
    const marks = await page.getByTestId('ret-value').evaluateAll((cells) => cells.map((c) => (c as unknown as { getAttribute(n: string): string | null }).getAttribute('data-complete')));
    assert.deepEqual(marks, g.cohorts.flatMap((c) => c.values.filter((v) => v.count !== null).map((v) => String(v.complete))));
    assert.ok(marks.includes('true') && marks.includes('false'));
    // Lifecycle: the running week is incomplete, and said so under the chart.
    assert.ok(!l.rows.at(-1)!.complete && l.rows[0]!.complete);
    assert.equal(await page.getByTestId('ret-lifecycle-incomplete').getAttribute('data-count'), String(l.rows.filter((r) => !r.complete).length));
    // Trends: the legend under each chart; NPS a whole number, its bars starting at 0 (the middle of the −100…100 axis).
    const openPeriods = m.series.filter((r) => !r.complete).length;
    assert.ok(openPeriods > 0);
    for (const kind of ['csat', 'nps', 'ces']) assert.equal(await page.getByTestId(`ret-trend-${kind}-incomplete`).getAttribute('data-count'), String(openPeriods), kind);
    const nps = m.rows[0]!.nps;
    assert.ok(nps.score !== null && !Number.isInteger(nps.score), 'the demo NPS has decimals');
    const npsText = await page.getByTestId('ret-overall-nps').innerText();
    assert.ok(npsText.startsWith(`NPS ${int(lang, Math.round(nps.score))}`), npsText);
    assert.doesNotMatch(npsText.split(' ')[1]!, /[.,]\d/);
    await page.getByTestId('ret-trend-nps').locator('svg').waitFor();
    await page.waitForFunction(`JSON.parse(${NPS_BARS_JS}).bars.length > 0`);
    const { top, height, bars } = JSON.parse((await page.evaluate(NPS_BARS_JS)) as string) as { top: number; height: number; bars: Array<{ top: number; bottom: number; fill: string }> };
    const zero = top + 32 + (height - 64) / 2; // grid top/bottom 32 px; 0 is the middle of −100…100
    const scored = m.series.filter((r) => r.nps.score !== null && Math.round(r.nps.score) !== 0);
    assert.equal(bars.length, scored.length, 'one bar per period with an NPS');
    for (const b of bars) {
      const positive = b.fill.replace(/ /g, '').toLowerCase() === '#1e8449' || b.fill.replace(/ /g, '') === 'rgb(30,132,73)';
      const base = positive ? b.bottom : b.top;
      assert.ok(Math.abs(base - zero) <= 1.5, `a bar starts at 0 (${base} vs ${zero}), not at −100 (${top + height - 32})`);
    }
    await page.screenshot({ path: join(SCREENSHOTS, `honest-retention-${lang}.png`), fullPage: true });
    await page.close();
  });

  test(`honest charts (${lang}): the funnel's newest weeks are dashed with a legend naming the window`, { skip: skip ?? false, timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const answer = answerOf<FunnelResult>(page, '/v1/analytics/funnel');
    await page.goto(`${server.url}/funnels?lang=${lang}&step=Product%20Viewed&step=Order%20Completed&window=7d`);
    const f = await answer;
    const open = f.overTime.filter((p) => !p.complete).length;
    assert.ok(open > 0 && open < f.overTime.length, `${open} of ${f.overTime.length} weeks still open`);
    const legend = page.getByTestId('funnel-over-time-incomplete');
    await legend.waitFor();
    assert.equal(await legend.getAttribute('data-count'), String(open));
    assert.ok((await legend.innerText()).includes(lang === 'en' ? '7 d' : '7'), await legend.innerText());
    await page.close();
  });

  test(`money and attribution cuts (${lang}): conversion value in the project's currency (USD by default), the cut said, an explicit cap counted`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/attribution?lang=${lang}&by=channel`);
    await page.getByTestId('attr-models-ready').waitFor();
    const all = await api<{ models: { markov: { value: number } }; cut: { maxTouches: number | null; journeys: number; touches: number } }>('/v1/attribution', { model: 'all', by: 'channel', lookback: '30d', order: 1 });
    assert.deepEqual(all.cut, { maxTouches: null, journeys: 0, touches: 0 });
    const usd = new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD' }).format(all.models.markov.value);
    await page.getByTestId('attr-summary').filter({ hasText: usd }).waitFor();
    const cut = page.getByTestId('attr-cut');
    assert.equal(await cut.innerText(), lang === 'en' ? 'Every touch within the lookback counts: no journey was cut.' : '回溯期内的每个触点都计入：没有旅程被截断。');
    // An explicit cap of the last 10 touches: the page says how many journeys it cut, as the API does.
    const capped = await api<{ cut: { journeys: number; touches: number } }>('/v1/attribution', { model: 'all', by: 'channel', lookback: '30d', order: 1, maxTouches: 10 });
    assert.ok(capped.cut.journeys > 0, 'the demo has journeys of more than 10 touches');
    await page.getByTestId('attr-cap').selectOption('10');
    await page.waitForURL((u) => u.searchParams.get('cap') === '10');
    await page.locator(`[data-testid="attr-cut"][data-cut="${capped.cut.journeys}"]`).waitFor();
    const text = await cut.innerText();
    for (const n of [capped.cut.journeys, 10, capped.cut.touches]) assert.ok(text.includes(int(lang, n)), `${text} names ${n}`);
    await page.screenshot({ path: join(SCREENSHOTS, `honest-attribution-${lang}.png`), fullPage: false });
    await page.close();
  });
}
