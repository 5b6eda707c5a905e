import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { appConfigFromEnv } from '@trailmap/core';
import { startServer } from '../../src/start.js';
import { DEFAULT_WEB_DIR } from '../../src/web/serve-web.js';
import { launchChromium } from './browser.js';
import { testWarehouse } from '@trailmap/warehouse/testing';

export type StartedServer = Awaited<ReturnType<typeof startServer>>;

export interface WebFixture {
  server: StartedServer;
  browser: Browser;
}

/**
 * One real `startServer` on demo data in a temporary directory and Debian's Chromium, for a
 * browser test file: registers the `before`/`after` hooks, calls `ready` with the fixture once
 * the server and the browser are up, and returns it. Skipped (nothing started) when `skip` gives a reason.
 */
export function useWebServer(prefix: string, skip: string | null, keys: { writeKey: string; readKey: string }, ready: (fx: WebFixture) => void, demoEvents = 30_000): WebFixture {
  const fx = {} as WebFixture;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let dir: string | undefined;
  before(async () => {
    if (skip) return;
    assert.ok(existsSync(join(DEFAULT_WEB_DIR, 'index.html')), `the web app is not built in ${DEFAULT_WEB_DIR}: run \`npm run build\``);
    dir = mkdtempSync(join(tmpdir(), prefix));
    const config = appConfigFromEnv({}, { warehouse: testWarehouse(), port: 0, dataDir: dir, demoEvents, logLevel: 'warn', scoresEvery: 'off', ...keys }); // no scheduled scoring run: its persona segments would appear mid-test
    fx.server = await startServer({ config, demo: true, print: () => {} });
    chromium = await launchChromium();
    fx.browser = chromium.browser;
    ready(fx);
  });
  after(async () => {
    await chromium?.close();
    await fx.server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return fx;
}

/**
 * A call to the server's API with the read key, the answer the page is checked against: the
 * status (200 unless given) is asserted with the body in the message, and the JSON returned.
 */
export async function readKeyCall<T>(url: string, readKey: string, method: string, path: string, body?: unknown, status = 200): Promise<T> {
  const res = await fetch(url + path, {
    method,
    headers: { authorization: `Bearer ${readKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.equal(res.status, status, await res.clone().text());
  return (await res.json()) as T;
}
