import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PersonaResult } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The Personas page end to end: one real `startServer` on a small demo (5k events), Debian's Chromium driving it.
const KEYS = { writeKey: 'tm_write_web_per_1234', readKey: 'tm_read_web_per_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-personas browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-per-', skip, KEYS, (fx) => ({ server, browser } = fx), 5_000);

const call = <T>(method: string, path: string, body?: unknown) => readKeyCall<T>(server.url, KEYS.readKey, method, path, body);
const cardSizes = `[...document.querySelectorAll('[data-testid="persona-card"]')].map((e) => Number(e.dataset.size))`;

test('personas: the cards\' sizes equal the API\'s clusters and add up to its people; a given k recomputes; Chinese loads', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const auto = await call<PersonaResult>('POST', '/v1/customers/personas', {});
  assert.ok(auto.people > 0 && auto.clusters.length >= 2, `the demo has personas: ${auto.note ?? ''}`);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('link', { name: 'Personas', exact: true }).click();
  await page.getByTestId('persona-card').first().waitFor();
  const sizes = (await page.evaluate(cardSizes)) as number[];
  assert.deepEqual(sizes, auto.clusters.map((c) => c.size));
  assert.equal(sizes.reduce((a, b) => a + b, 0), auto.people);
  assert.equal(await page.getByTestId('personas-summary').innerText(), `As of ${auto.asOf}, ${auto.people.toLocaleString('en')} people in ${auto.k} personas`);
  assert.equal(await page.locator('[data-testid="persona-card"] h2').first().innerText(), auto.clusters[0]!.name.en);
  assert.equal(await page.locator('[data-testid="personas-by-k"] tbody tr').count(), auto.byK.length);

  // Another k, given in the form: the cards follow the API for that k.
  const k = auto.k === 3 ? 2 : 3;
  const fixed = await call<PersonaResult>('POST', '/v1/customers/personas', { kMin: k, kMax: k });
  await page.getByTestId('personas-k').fill(String(k));
  await page.getByTestId('personas-run').click();
  await page.waitForFunction(`document.querySelectorAll('[data-testid="persona-card"]').length === ${fixed.clusters.length} && document.querySelector('[data-testid="personas-summary"]')?.innerText.includes('in ${k} personas')`);
  const fixedSizes = (await page.evaluate(cardSizes)) as number[];
  assert.deepEqual(fixedSizes, fixed.clusters.map((c) => c.size));
  assert.equal(fixedSizes.reduce((a, b) => a + b, 0), fixed.people);
  await page.screenshot({ path: join(SCREENSHOTS, 'personas.png'), fullPage: true });

  await page.goto(`${server.url}/personas?lang=zh-CN`);
  await page.getByRole('heading', { level: 1, name: '用户画像' }).waitFor();
  await page.getByTestId('persona-card').first().waitFor();
  assert.equal(await page.locator('[data-testid="persona-card"] h2').first().innerText(), auto.clusters[0]!.name.zh);
  await page.close();
});
