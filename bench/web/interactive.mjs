#!/usr/bin/env node
// bench/web — when the journey map (the home page) is interactive, on the `npm start` demo size,
// in Debian's Chromium: the page's own Performance API mark `trailmap:journey-map-interactive`,
// from navigation start. Usage: npm run bench:web [-- --events 200000 --runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appConfigFromEnv } from '@trailmap/core';
import { startServer } from '@trailmap/server';
import { launchChromium } from '../../packages/server/dist/test/support/browser.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' }, runs: { type: 'string', default: '5' } } });
const dir = mkdtempSync(join(tmpdir(), 'trailmap-bench-web-'));
const cfg = appConfigFromEnv({}, { port: 0, dataDir: dir, demoEvents: Number(values.events), logLevel: 'warn' });
const t0 = performance.now();
const srv = await startServer({ config: cfg, demo: true, print: () => {} });
console.log(`demo: ${Number(values.events).toLocaleString('en')} events loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed below)`);
const { browser, close } = await launchChromium();
const times = [];
try {
  for (let i = 0; i < Number(values.runs); i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${srv.url}/?lang=en`);
    await page.waitForFunction(() => performance.getEntriesByName('trailmap:journey-map-interactive').length > 0, null, { timeout: 60_000 });
    times.push(Math.round(await page.evaluate(() => performance.getEntriesByName('trailmap:journey-map-interactive')[0].startTime)));
    await page.close();
  }
} finally {
  await close();
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(`journey map interactive (ms from navigation start, 1280 px): ${times.join(', ')}; median ${median} (target 1,500)`);
console.log(`RESULT ${JSON.stringify({ events: Number(values.events), runsMs: times, medianMs: median, under1500: median <= 1500 })}`);
