import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PiiSummaryAnswer } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The Data page's "Personal data" tab, en and zh, against GET /v1/privacy/pii, after identify calls
// with emails under two keys and a card (masked at ingest by the default policy).
const KEYS = { writeKey: 'tm_write_web_pii_1', readKey: 'tm_read_web_pii_2' };
const skip = browserSkipReason();
if (skip) console.log(`# web-pii browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-pii-', skip, KEYS, (fx) => ({ server, browser } = fx), 2_000);

const ts = new Date().toISOString();

test('Data page, Personal data: "N property keys hold emails" and the key list equal the API; nothing masked is shown in clear; en and zh', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const batch = [
    { type: 'identify', userId: 'pii-1', messageId: 'pii-1', timestamp: ts, traits: { email: 'ann@example.com', backup_email: 'ann.b@example.org' } },
    { type: 'identify', userId: 'pii-2', messageId: 'pii-2', timestamp: ts, traits: { email: 'bo@example.com' } },
    { type: 'track', userId: 'pii-2', event: 'Paid', messageId: 'pii-3', timestamp: ts, properties: { card: '5555 5555 5555 4444' } },
  ];
  const res = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(KEYS.writeKey + ':').toString('base64')}` }, body: JSON.stringify({ batch }) });
  assert.equal(res.status, 200, await res.text());
  const api = await readKeyCall<PiiSummaryAnswer>(server.url, KEYS.readKey, 'GET', '/v1/privacy/pii');
  const email = api.kinds.find((k) => k.kind === 'email')!;
  assert.ok(email.keys >= 2, JSON.stringify(api.kinds));
  assert.ok(api.keys.some((k) => k.path === 'traits.backup_email' && k.values === 1));
  assert.ok(api.keys.some((k) => k.path === 'properties.card' && k.actions.mask === 1 && k.policyAction === 'mask'));

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const lang of ['en', 'zh-CN'] as const) {
    await page.goto(`${server.url}/data?tab=pii&lang=${lang}`);
    await page.getByTestId('pii-keys').waitFor();
    const kindLine = await page.locator(`[data-testid="pii-kind"][data-kind="email"]`).innerText();
    assert.match(kindLine, lang === 'en' ? new RegExp(`^${email.keys} property keys hold emails`) : new RegExp(`^${email.keys} 个属性键含有电子邮箱`), kindLine);
    const rows = (await page.evaluate(
      `[...document.querySelectorAll('[data-testid="pii-key"]')].map((r) => [r.getAttribute('data-path'), r.getAttribute('data-kind'), r.querySelector('[data-testid="pii-values"]').textContent, r.querySelector('[data-testid="pii-masked"]').textContent])`,
    )) as string[][];
    assert.deepEqual(rows, api.keys.map((k) => [k.path, k.kind ?? '', k.values.toLocaleString(lang), k.actions.mask.toLocaleString(lang)]));
    const text = await page.locator('main').innerText();
    for (const v of ['ann@example.com', '5555 5555 5555 4444']) assert.ok(!text.includes(v), `${lang}: ${v} shown`);
    assert.equal(await page.getByTestId('data-tab-pii').innerText(), lang === 'en' ? 'Personal data' : '个人数据');
    await page.screenshot({ path: join(SCREENSHOTS, `data-pii-${lang}.png`), fullPage: true });
  }
  await page.close();
});
