import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The twin simulator anyone can use, end to end on 30k demo events with Debian's Chromium, in
// English and Chinese: states picked from the twin's lists (with (conversion)), the current
// probability of the transition beside the new one, and the explanation of a scenario that
// cannot change the outcome; "Order Completed" is read as the absorbing (conversion) state.
const KEYS = { writeKey: 'tm_write_twin_lists_1234', readKey: 'tm_read_twin_lists_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-twin-lists browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
const api = <T>(path: string, body: unknown) => readKeyCall<T>(server.url, KEYS.readKey, 'POST', path, body);
const WAIT_MS = 90_000;

interface Sim {
  change: { conversionRate: { estimate: number } };
  transitions: { from: string; to: string; current: number | null; scenario: number | null }[];
  notes: { code: string; event?: string }[];
}
interface States { states: { name: string; visits: number }[]; targets: string[]; conversionEvents: string[] }
const pct = (v: number, l: string) => new Intl.NumberFormat(l, { style: 'percent', maximumFractionDigits: 1 }).format(v);
const scenario = (from: string, to: string, factor: number) => ({ interventions: [{ kind: 'scale_transition', from, to, factor }], by: 'event', lookback: '30d' });

async function open(page: Page, lang: string, q: Record<string, string>): Promise<void> {
  await page.goto(`${server.url}/attribution?${new URLSearchParams({ lang, ...q }).toString()}`);
}

useWebServer('trailmap-twin-lists-', skip, KEYS, (fx) => ({ server, browser } = fx));

for (const lang of ['en', 'zh-CN'] as const) {
  test(`twin (${lang}): lists, current vs new probability, a scenario that cannot change anything explained, Order Completed as (conversion)`, { skip: skip ?? false, timeout: 300_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
    try {
      // The lists are the twin's states (most visited first), (start), and the targets.
      await open(page, lang, {});
      await page.getByTestId('attr-tw-states-ready').waitFor();
      const states = await api<States>('/v1/twin/states', { by: 'event', lookback: '30d' });
      assert.deepEqual(states.targets, ['(conversion)', '(null)']);
      assert.deepEqual(states.conversionEvents, ['Order Completed']);
      assert.ok(!states.states.some((s) => s.name === 'Order Completed'), 'the conversion event is no state');
      const values = (sel: string) => page.getByTestId(sel).locator('option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      assert.deepEqual(await values('attr-tw-from'), ['', '(start)', ...states.states.map((s) => s.name)]);
      assert.deepEqual(await values('attr-tw-to'), ['', '(conversion)', '(null)', ...states.states.map((s) => s.name)]);
      const conversionLabel = await page.getByTestId('attr-tw-to').locator('option[value="(conversion)"]').innerText();
      assert.match(conversionLabel, /Order Completed/);

      // Picking from the lists runs the scenario; the transition's probability now and in the scenario are the API's.
      await page.getByTestId('attr-tw-from').selectOption('Payment Info Entered');
      await page.getByTestId('attr-tw-to').selectOption('(conversion)');
      await page.getByTestId('attr-tw-ready').waitFor();
      const base = await api<Sim>('/v1/twin/simulate', scenario('Payment Info Entered', '(conversion)', 1));
      assert.equal(await page.getByTestId('attr-tw-current').innerText(), pct(base.transitions[0]!.current!, lang));
      assert.equal(await page.getByTestId('attr-tw-new').innerText(), pct(base.transitions[0]!.scenario!, lang));
      // ×1 cannot change anything, and says so.
      assert.equal(await page.getByTestId('attr-tw-notes').locator('li').getAttribute('data-code'), 'same_probability');

      await open(page, lang, { from: 'Payment Info Entered', to: '(conversion)', factor: '1.2' });
      await page.locator('[data-testid="attr-tw-ready"][data-factor="1.2"]').waitFor();
      const up = await api<Sim>('/v1/twin/simulate', scenario('Payment Info Entered', '(conversion)', 1.2));
      const t = up.transitions[0]!;
      assert.ok(t.scenario! > t.current!, 'the scaled transition goes up');
      assert.equal(await page.getByTestId('attr-tw-current').innerText(), pct(t.current!, lang));
      assert.equal(await page.getByTestId('attr-tw-new').innerText(), pct(t.scenario!, lang));
      assert.equal(await page.getByTestId('attr-tw-notes').count(), 0, 'a scenario that changes the outcome has no note');
      if (lang === 'en') await page.getByTestId('attr-tw-ready').screenshot({ path: join(SCREENSHOTS, 'attribution-twin-transition.png') });

      // No journey ends right after (start) without a touch: P((start) → (null)) is 0, and ×1.5 of 0 is 0.
      await open(page, lang, { from: '(start)', to: '(null)', factor: '1.5' });
      await page.locator('[data-testid="attr-tw-ready"][data-factor="1.5"]').waitFor();
      const none = await api<Sim>('/v1/twin/simulate', scenario('(start)', '(null)', 1.5));
      assert.deepEqual(none.notes.map((n) => n.code), ['zero_probability']);
      assert.equal(none.change.conversionRate.estimate, 0);
      const note = page.getByTestId('attr-tw-notes').locator('li');
      assert.equal(await note.getAttribute('data-code'), 'zero_probability');
      assert.match(await note.innerText(), lang === 'en' ? /never happened in the fitted journeys \(probability 0\)/ : /从未发生（概率为 0）/);
      if (lang === 'zh-CN') await page.getByTestId('attr-tw-ready').screenshot({ path: join(SCREENSHOTS, 'attribution-twin-no-effect-zh-CN.png') });

      // "Order Completed" (from a link or the API) is the absorbing (conversion) state, with a note; same numbers.
      await open(page, lang, { from: 'Payment Info Entered', to: 'Order Completed', factor: '1.2' });
      await page.locator('[data-testid="attr-tw-ready"][data-factor="1.2"]').waitFor();
      const viaEvent = await api<Sim>('/v1/twin/simulate', scenario('Payment Info Entered', 'Order Completed', 1.2));
      assert.deepEqual(viaEvent.notes, [{ code: 'conversion_event', intervention: 0, to: '(conversion)', event: 'Order Completed' }]);
      assert.equal(viaEvent.change.conversionRate.estimate, up.change.conversionRate.estimate);
      assert.equal(await page.getByTestId('attr-tw-notes').locator('li').getAttribute('data-code'), 'conversion_event');
      assert.equal(await page.getByTestId('attr-tw-new').innerText(), pct(t.scenario!, lang));
    } finally {
      await page.close();
    }
  });
}
