import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PathsResult } from '@trailmap/core';
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
    const note = await page.getByTestId('paths-share-note').innerText();
    assert.ok(lang === 'en' ? note.includes('moves out of a step') : note.includes('去向'), note);
    await page.close();
  });
}
