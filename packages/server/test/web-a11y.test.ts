import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason } from './support/browser.js';
import { createKey } from '../src/auth/key-admin.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// Accessibility audit: every route of the web app (and states behind it: the journey map's types,
// notes panel and pin evidence, a funnel's drop-off list, a twin simulation, a person's profile,
// the Data page's tabs), in English and in Chinese, once its data is on screen, checked by
// axe-core with the WCAG 2.0/2.1 level A and AA rules. A real `startServer` on 10,000 demo
// events, Debian's Chromium. A failure lists each rule, its impact and the first elements.
const KEYS = { writeKey: 'tm_write_web_a11y_1234', readKey: 'tm_read_web_a11y_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web accessibility browser tests skipped: ${skip}`);

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-a11y-', skip, KEYS, (fx) => ({ server, browser } = fx), 10_000);

interface Screen {
  name: string;
  /** Path and query, without the language. */
  path: string;
  /** Each is a data-testid, or a CSS selector when it holds '['; all must be on screen. */
  ready: string[];
  /** Brings the screen up after loading `path` (a click through to it). */
  open?(page: Page): Promise<void>;
}

const FUNNEL = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'].map((s) => `step=${encodeURIComponent(s)}`).join('&');
const TWIN = `from=${encodeURIComponent('Payment Info Entered')}&to=${encodeURIComponent('(conversion)')}&factor=1.2`;

const SCREENS: Screen[] = [
  { name: 'journey map', path: '/', ready: ['jm-ready', '[data-testid="emotion-chart"] canvas'] },
  { name: 'journey map (blueprint)', path: '/?type=blueprint', ready: ['[data-testid="jm-ready"][data-map-type="blueprint"]'] },
  {
    name: 'journey map (future state, one intervention planned)',
    path: '/?type=future',
    ready: ['[data-testid="jm-ready"][data-map-type="future"]', 'projection-ready'],
    open: async (page) => {
      // Once the planner has its list (the map re-renders while it loads), plan the top intervention.
      await page.locator('[data-testid="jm-ready"][data-map-type="future"]').waitFor({ timeout: 45_000 });
      await page.waitForFunction(SETTLED_JS, undefined, { timeout: 45_000 });
      // A click, not `check()`: the checkbox follows the URL, which changes after the click returns.
      await page.getByTestId('future-intervention').first().getByRole('checkbox').click();
    },
  },
  {
    name: 'journey map (a cell\'s notes panel open, a pin\'s evidence shown)',
    path: '/',
    ready: ['notes-panel', '.pin:focus [role="tooltip"]'],
    open: async (page) => {
      await page.getByTestId('jm-ready').waitFor({ timeout: 45_000 });
      await page.getByTestId('cell-notes').first().click();
      await page.getByTestId('notes-panel').waitFor();
      await page.locator('.pin.pain').first().focus();
    },
  },
  {
    name: 'journey map (a day in the life)',
    path: '/?type=day',
    ready: ['day-timeline', '[data-testid="day-person"][aria-pressed="true"]'],
    open: async (page) => {
      // The first person the API lists, found and picked through the page's search.
      const { people } = await readKeyCall<{ people: { personId: string }[] }>(server.url, KEYS.readKey, 'GET', '/v1/people?limit=1');
      assert.ok(people[0], 'the demo has people');
      await page.getByTestId('day-search').fill(people[0].personId, { timeout: 45_000 });
      await page.getByTestId('day-search-submit').click();
      await page.locator(`[data-testid="day-person"][data-person="${people[0].personId}"]`).click();
    },
  },
  { name: 'funnels', path: `/funnels?${FUNNEL}`, ready: ['funnel-ready', '[data-testid="funnel-bars"] canvas'] },
  { name: 'funnels (a drop-off list open)', path: `/funnels?${FUNNEL}&dropoff=2`, ready: ['funnel-ready', 'dropoff-person'] },
  { name: 'paths', path: '/paths', ready: ['paths-ready'] },
  { name: 'attribution (with a twin simulation)', path: `/attribution?${TWIN}`, ready: ['attr-models-ready', 'attr-scores-ready', 'attr-iv-ready', 'attr-tw-ready'] },
  { name: 'retention', path: '/retention', ready: ['ret-grid-ready', 'ret-overall-csat'] },
  { name: 'people', path: '/people', ready: ['people-results'] },
  {
    name: 'people (a profile)',
    path: '/people',
    ready: ['profile', 'profile-timeline'],
    open: async (page) => {
      await page.getByTestId('person-link').first().click({ timeout: 60_000 });
    },
  },
  {
    name: 'funnels (the save-insight form open)',
    path: `/funnels?${FUNNEL}`,
    ready: ['funnel-ready', 'save-insight-name'],
    open: async (page) => {
      await page.getByTestId('save-insight-open').click({ timeout: 60_000 });
    },
  },
  { name: 'insights', path: '/insights', ready: ['insights-list'], open: async (page) => void (await seedBoard(), await page.reload()) },
  { name: 'dashboards', path: '/dashboards', ready: ['dashboards-list'], open: async (page) => void (await seedBoard(), await page.reload()) },
  {
    name: 'a dashboard (a chart tile and a table tile)',
    path: '/dashboards',
    ready: ['[data-testid="dashboard-tile"] [data-testid="funnel-bars"] canvas', '[data-testid="dashboard-tile"] [data-testid="insight-table"]'],
    open: async (page) => {
      const id = await seedBoard();
      await page.goto(`${server.url}/dashboards/${id}?lang=${new URL(page.url()).searchParams.get('lang')}`);
    },
  },
  { name: 'the app\'s 404 page', path: '/funnels/xyz', ready: ['not-found'] },
  { name: 'data (sources)', path: '/data', ready: ['sources-endpoints'] },
  { name: 'data (import)', path: '/data?tab=import', ready: ['import-file'] },
  // A message without ids was sent to /v1/track first (see `quarantineOne`), so the list has a row.
  { name: 'data (quarantine)', path: '/data?tab=quarantine', ready: ['quarantine-ready'] },
  { name: 'data (touchpoints)', path: '/data?tab=touchpoints', ready: ['tp-ready', 'rules-ready'] },
  // The demo's identify calls carry emails, phones and names, so the key list has rows.
  { name: 'data (personal data)', path: '/data?tab=pii', ready: ['pii-keys'] },
  { name: 'journeys', path: '/journeys', ready: ['journeys-ready', 'journeys-needs-admin'], open: async (page) => void (await seedJourney(), await page.reload()) },
  {
    name: 'a journey in the builder (canvas, step form, validation)',
    path: '/journeys',
    ready: ['journey-canvas', '[data-testid="journey-node"][data-step-id="reminder"]', 'step-form', 'journey-valid'],
    open: async (page) => {
      const id = await seedJourney();
      await page.goto(`${server.url}/journeys/${encodeURIComponent(id)}?lang=${new URL(page.url()).searchParams.get('lang')}`);
      await page.locator('[data-testid="journey-node"][data-step-id="reminder"]').click({ timeout: 45_000 });
    },
  },
  { name: 'messages', path: '/messages', ready: ['messages-ready'] },
];

const LANGS = ['en', 'zh-CN'] as const;

/** Elements axe does not check, each with the reason (none so far). */
const EXCLUDE: string[][] = [];

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; summary: string }[];
}

// Run in the page (this package is compiled without the DOM library).
const RUN_AXE_JS = `axe.run({ exclude: ${JSON.stringify(EXCLUDE)} }, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] })
  .then((r) => ({ passed: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.map(String), summary: (n.failureSummary || '').split('\\n').slice(0, 3).join(' ') })) })) }))`;
// Loaded: no section still fetching (a Loading state or aria-busy).
const SETTLED_JS = `!document.querySelector('[aria-busy="true"], .state.loading')`;

const describe = (v: Violation): string => {
  const targets = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}\n        ${n.summary}`);
  const more = v.nodes.length > 5 ? [`      … and ${v.nodes.length - 5} more`] : [];
  return [`  ${v.id} (${v.impact ?? 'no impact'}, ${v.nodes.length} element${v.nodes.length === 1 ? '' : 's'}): ${v.help}`, ...targets, ...more].join('\n');
};

let board: Promise<string> | undefined;
/** Two saved insights (a chart and a table) on one dashboard, made once through the API; the dashboard's id. */
const seedBoard = () =>
  (board ??= (async () => {
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.readKey}` }, body: JSON.stringify(body) });
      assert.equal(res.status, 201, await res.clone().text());
      return ((await res.json()) as { id: string }).id;
    };
    const steps = ['Product Viewed', 'Order Completed'].map((touchpoint) => ({ touchpoint }));
    const chart = await call('/v1/insights', { kind: 'funnel', name: 'Checkout', description: 'Product to order', definition: { steps } });
    const table = await call('/v1/insights', { kind: 'funnel', name: 'Checkout steps', chart: 'table', definition: { steps } });
    return call('/v1/dashboards', { name: 'Weekly', tiles: [{ insightId: chart, width: 2 }, { insightId: table }] });
  })());

let journey: Promise<string> | undefined;
/** One journey (a wait for an order, then an email), made once through the API with an admin key; its id. */
const seedJourney = () =>
  (journey ??= (async () => {
    const { secret } = await createKey(server.state, { name: 'a11y journeys', scopes: ['read', 'admin'] }, { actor: 'test' });
    const definition = {
      name: 'Cart reminder',
      trigger: { type: 'event', event: 'Product Added', correlate: 'cartId' },
      start: 'wait',
      steps: [
        { id: 'wait', type: 'waitForEvent', event: 'Order Completed', timeout: '4h', next: null, onTimeout: 'reminder' },
        { id: 'reminder', type: 'send', channel: 'email', template: { subject: { en: 'Your cart' }, body: { en: '<p>Your cart is waiting.</p>' } }, next: null },
      ],
      goal: { event: 'Order Completed' },
    };
    const res = await fetch(`${server.url}/v1/journeys`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify(definition) });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { id: string }).id;
  })());

let quarantined: Promise<void> | undefined;
/** One message without user or anonymous id, which the server quarantines: the quarantine tab then lists a row. */
const quarantineOne = () =>
  (quarantined ??= (async () => {
    const res = await fetch(`${server.url}/v1/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(KEYS.writeKey + ':').toString('base64')}` },
      body: JSON.stringify({ event: 'A11y Check', messageId: 'a11y-no-id-1' }),
    });
    assert.equal(res.status, 400, 'the message without ids is quarantined');
  })());

for (const lang of LANGS) {
  for (const s of SCREENS) {
    test(`a11y (${lang}): ${s.name} has no axe wcag2a/wcag2aa violations`, { skip: skip ?? false, timeout: 90_000 }, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        if (s.path.includes('tab=quarantine')) await quarantineOne();
        const url = new URL(s.path, server.url);
        url.searchParams.set('lang', lang);
        await page.goto(url.toString());
        if (s.open) await s.open(page);
        for (const r of s.ready) await (r.includes('[') ? page.locator(r) : page.getByTestId(r)).first().waitFor({ timeout: 45_000 });
        await page.waitForFunction(SETTLED_JS, undefined, { timeout: 45_000 });
        assert.equal(await page.evaluate('document.documentElement.lang'), lang);
        await page.addScriptTag({ content: AXE_SOURCE });
        const { passed, violations } = (await page.evaluate(RUN_AXE_JS)) as { passed: number; violations: Violation[] };
        // The audit saw the page: axe's form, name, contrast and table rules had elements to pass.
        assert.ok(passed >= 10, `axe passed only ${passed} rules on ${s.name}`);
        assert.equal(violations.length, 0, `${s.name} (${lang}, ${url.pathname}${url.search}): ${violations.length} axe violation(s):\n${violations.map(describe).join('\n')}`);
      } finally {
        await page.close();
      }
    });
  }
}
