import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appConfigFromEnv } from '@trailmap/core';
import { testWarehouse } from '@trailmap/warehouse/testing';
import { startServer } from '../src/start.js';
import { browserSkipReason, launchChromium } from './support/browser.js';
import { readKeyCall } from './support/web-fixture.js';

// A saved insight and a dashboard live in the state store of the data directory: they survive a
// restart of a real server on the same directory and open from their links.
const KEYS = { writeKey: 'tm_write_restart_1234', readKey: 'tm_read_restart_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-insights-restart browser part skipped: ${skip}`);

const start = (dir: string) =>
  startServer({ config: appConfigFromEnv({}, { warehouse: testWarehouse(), port: 0, dataDir: dir, demoEvents: 5_000, logLevel: 'warn', ...KEYS }), demo: true, print: () => {} });

test('a saved insight and a dashboard survive a server restart on the same data directory and open from their links', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-restart-'));
  try {
    const first = await start(dir);
    const call = <T>(url: string, method: string, path: string, body?: unknown, status = 200) => readKeyCall<T>(url, KEYS.readKey, method, path, body, status);
    const { touchpoints } = await call<{ touchpoints: Array<{ touchpoint: string; people: number }> }>(first.url, 'GET', '/v1/touchpoints');
    const [a, b] = [...touchpoints].sort((x, y) => y.people - x.people).map((t) => t.touchpoint);
    const insight = await call<{ id: string }>(first.url, 'POST', '/v1/insights', { kind: 'funnel', name: 'Kept funnel', chart: 'table', definition: { steps: [{ touchpoint: a }, { touchpoint: b }] } }, 201);
    const saved = await call<{ id: string }>(first.url, 'POST', '/v1/insights', { kind: 'funnel', name: 'From the page', definition: { steps: [{ touchpoint: a }, { touchpoint: b }] }, view: `?step=${encodeURIComponent(a!)}&step=${encodeURIComponent(b!)}` }, 201);
    const board = await call<{ id: string }>(first.url, 'POST', '/v1/dashboards', { name: 'Kept board', tiles: [{ insightId: insight.id, width: 2 }, { insightId: saved.id }] }, 201);
    const before = { insight: await call(first.url, 'GET', `/v1/insights/${insight.id}`), board: await call(first.url, 'GET', `/v1/dashboards/${board.id}`) };
    await first.close();

    const again = await start(dir);
    try {
      assert.deepEqual(await call(again.url, 'GET', `/v1/insights/${insight.id}`), before.insight);
      assert.deepEqual(await call(again.url, 'GET', `/v1/dashboards/${board.id}`), before.board);
      if (skip) return;
      const chromium = await launchChromium();
      try {
        const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 900 } });
        const res = await page.goto(`${again.url}/dashboards/${board.id}?lang=en`);
        assert.equal(res!.status(), 200);
        await page.getByTestId('dashboard-name').waitFor();
        assert.equal(await page.getByTestId('dashboard-name').innerText(), 'Kept board');
        await page.getByTestId('dashboard-tile').nth(0).getByTestId('insight-table').waitFor();
        await page.getByTestId('dashboard-tile').nth(1).getByTestId('funnel-bars').waitFor();
        // The API-made insight's link draws it from its definition; the page-saved one opens its page.
        await page.goto(`${again.url}/insights/${insight.id}?lang=zh-CN`);
        await page.getByRole('heading', { name: 'Kept funnel' }).waitFor();
        await page.getByTestId('insight-table').waitFor();
        await page.goto(`${again.url}/insights/${saved.id}?lang=en`);
        await page.waitForURL((u) => u.pathname === '/funnels' && u.searchParams.get('insight') === saved.id && u.searchParams.getAll('step').join('|') === `${a}|${b}`);
        await page.getByTestId('funnel-bars').waitFor();
      } finally {
        await chromium.close();
      }
    } finally {
      await again.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
