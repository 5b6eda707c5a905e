import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { PersonConsent } from '@trailmap/core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The profile's consent per purpose and its history, in en and zh, against GET /v1/people/:id/consent,
// for a demo person who refused analytics (the demo plants ~4% such people) and one who did not.
const KEYS = { writeKey: 'tm_write_web_consent_1', readKey: 'tm_read_web_consent_2' };
const skip = browserSkipReason();
if (skip) console.log(`# web-consent browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
const get = <T>(path: string) => readKeyCall<T>(server.url, KEYS.readKey, 'GET', path);

useWebServer('trailmap-web-consent-', skip, KEYS, (fx) => ({ server, browser } = fx), 20_000);

async function people(): Promise<{ refused: PersonConsent; granted: PersonConsent }> {
  const list = await get<{ people: Array<{ personId: string }> }>('/v1/people?limit=200');
  let refused: PersonConsent | undefined;
  let granted: PersonConsent | undefined;
  for (const p of list.people) {
    const c = await get<PersonConsent>(`/v1/people/${p.personId}/consent`);
    if (c.purposes.analytics!.granted === false) refused ??= c;
    else if (c.history.length > 0) granted ??= c;
    if (refused && granted) break;
  }
  assert.ok(refused && granted, 'the demo has people who refused analytics and people who allowed it');
  return { refused, granted };
}

test('profile consent: purposes, where each came from and the history equal the API; the refusal is said; en and zh', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const { refused, granted } = await people();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  for (const [c, lang] of [[refused, 'en'], [granted, 'en'], [refused, 'zh-CN']] as const) {
    await page.goto(`${server.url}/people?lang=${lang}&person=${c.personId}`);
    const purposes = page.getByTestId('profile-consent-purposes');
    await purposes.waitFor();
    const rows = await page.evaluate(
      `[...document.querySelectorAll('[data-testid="profile-consent-purposes"] tr[data-purpose]')].map((r) => [r.getAttribute('data-purpose'), r.getAttribute('data-granted'), r.getAttribute('data-basis')])`,
    );
    assert.deepEqual(rows, Object.entries(c.purposes).map(([p, v]) => [p, String(v.granted), v.basis]), `${lang} ${c.personId}`);
    const excluded = page.getByTestId('profile-consent-excluded');
    assert.equal(await excluded.count(), c.purposes.analytics!.granted ? 0 : 1);
    const summary = page.getByTestId('profile-consent-history').locator('summary');
    assert.equal(await summary.innerText(), lang === 'en' ? `Consent history (${c.history.length})` : `授权历史（${c.history.length}）`);
    await summary.click();
    assert.equal(await page.getByTestId('profile-consent-history').locator('tbody tr').count(), c.history.length);
    if (lang === 'en') {
      if (!c.purposes.analytics!.granted) assert.match(await excluded.innerText(), /left out of every analysis/);
      assert.match(await purposes.innerText(), /Analytics/);
    } else {
      assert.match(await excluded.innerText(), /已拒绝分析/);
      assert.match(await purposes.innerText(), /分析/);
      assert.match(await purposes.innerText(), /营销/);
      await page.screenshot({ path: join(SCREENSHOTS, 'people-consent-zh-CN.png'), fullPage: true });
    }
  }
  await page.close();
});
