#!/usr/bin/env node
// bench/web — on the `npm start` demo size, in Debian's Chromium at 1280×900:
//  - when the journey map (the home page) is interactive: the page's own Performance API mark
//    `trailmap:journey-map-interactive`, from navigation start (target ≤ 1,000 ms);
//  - when every page shows its first content: the first moment the page's first data-driven
//    element is in the document (recorded in the page by a MutationObserver from navigation start;
//    target ≤ 1,500 ms).
// Each page is opened --runs times in a fresh tab. The first open of a page computes its answers
// (the server keeps them until new data arrives), so run 1 is reported apart ("cold") from the
// median of all runs.
// Usage: npm run bench:web [-- --events 200000 --runs 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appConfigFromEnv } from '@trailmap/core';
import { startServer } from '@trailmap/server';
import { launchChromium } from '../../packages/server/dist/test/support/browser.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '200000' }, runs: { type: 'string', default: '5' } } });
const INTERACTIVE_TARGET_MS = 1000;
const FIRST_CONTENT_TARGET_MS = 1500;

/** Each page and the element that is its first data-driven content. */
const PAGES = [
  ['journey map', '/?lang=en', '[data-testid="jm-cell"]'],
  ['journey map (zh-CN)', '/?lang=zh-CN', '[data-testid="jm-cell"]'],
  ['future state', '/?type=future&lang=en', '[data-testid="future-planner"]'],
  ['funnels', '/funnels?lang=en', '[data-testid="funnel-step-1"]'],
  ['paths', '/paths?lang=en', '[data-testid="paths-ready"]'],
  ['attribution', '/attribution?lang=en', '[data-testid="attr-models-ready"]'],
  ['retention', '/retention?lang=en', '[data-testid="ret-cohort"]'],
  ['people', '/people?lang=en', '[data-testid="people-table"]'],
  ['data', '/data?lang=en', '[data-testid="source-name"]'],
];

/** Runs in the page before its scripts: notes performance.now() when `selector` first matches. */
const watchFirst = (selector) => {
  const w = window;
  const check = () => {
    if (w.__firstContentMs === undefined && document.querySelector(selector)) w.__firstContentMs = performance.now();
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
};

const dir = mkdtempSync(join(tmpdir(), 'trailmap-bench-web-'));
const cfg = appConfigFromEnv({}, { port: 0, dataDir: dir, demoEvents: Number(values.events), logLevel: 'warn' });
const t0 = performance.now();
const srv = await startServer({ config: cfg, demo: true, print: () => {} });
console.log(`demo: ${Number(values.events).toLocaleString('en')} events loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed below)`);
const { browser, close } = await launchChromium();
const runs = Number(values.runs);
const interactive = [];
const pages = Object.fromEntries(PAGES.map(([name]) => [name, []]));
try {
  for (let i = 0; i < runs; i++) {
    for (const [name, path, selector] of PAGES) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.addInitScript(watchFirst, selector);
      await page.goto(srv.url + path);
      await page.waitForFunction(() => window.__firstContentMs !== undefined, null, { timeout: 120_000 });
      pages[name].push(Math.round(await page.evaluate(() => window.__firstContentMs)));
      if (path === '/?lang=en') {
        await page.waitForFunction(() => performance.getEntriesByName('trailmap:journey-map-interactive').length > 0, null, { timeout: 120_000 });
        interactive.push(Math.round(await page.evaluate(() => performance.getEntriesByName('trailmap:journey-map-interactive')[0].startTime)));
      }
      await page.close();
    }
  }
} finally {
  await close();
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = { events: Number(values.events), runs, journeyMapInteractive: { runsMs: interactive, medianMs: median(interactive), targetMs: INTERACTIVE_TARGET_MS }, firstContent: {} };
result.journeyMapInteractive.meetsTarget = result.journeyMapInteractive.medianMs <= INTERACTIVE_TARGET_MS;
console.log(`journey map interactive (ms from navigation start): ${interactive.join(', ')}; median ${median(interactive)} (target ${INTERACTIVE_TARGET_MS})`);
let all = result.journeyMapInteractive.meetsTarget;
for (const [name] of PAGES) {
  const xs = pages[name];
  const row = { runsMs: xs, coldMs: xs[0], medianMs: median(xs), meetsTarget: median(xs) <= FIRST_CONTENT_TARGET_MS };
  all &&= row.meetsTarget;
  result.firstContent[name] = row;
  console.log(`${name}: first content ${xs.join(', ')} ms; cold ${row.coldMs}, median ${row.medianMs} (target ${FIRST_CONTENT_TARGET_MS})`);
}
result.meetsTargets = all;
console.log(`RESULT ${JSON.stringify(result)}`);
