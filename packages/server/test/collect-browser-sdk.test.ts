import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appConfigFromEnv } from '@trailmap/core';
import { startServer } from '../src/start.js';
import { DEFAULT_WEB_DIR } from '../src/web/serve-web.js';
import { browserSkipReason, launchChromium, SCREENSHOTS } from './support/browser.js';
import { KEYS, startTestServer } from './support/test-server.js';
import { testWarehouse } from '@trailmap/warehouse/testing';

// Segment's real browser SDK (@segment/analytics-next) on a page of a SECOND origin, pointed at
// Trailmap: the script-tag snippet of docs/collect.md loading /analytics.js from Trailmap, and the
// npm package bundled for the page. Events arrive, merge into one person, and the page cannot read.
const skip = browserSkipReason();
if (skip) console.log(`# collect-browser-sdk tests skipped: ${skip}`);

const DOC = new URL('../../../../docs/collect.md', import.meta.url);
const require = createRequire(import.meta.url);

let srv: Awaited<ReturnType<typeof startTestServer>>;
let site: Server;
let siteUrl: string;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
let npmBundle: string;

/** The script-tag snippet of docs/collect.md, with its placeholders. */
function docSnippet(): string {
  const html = /## Script tag[\s\S]*?```html\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))?.[1];
  assert.ok(html, 'docs/collect.md has the script-tag snippet in an ```html block');
  assert.ok(html.includes('https://trailmap.example.com') && html.includes('YOUR_WRITE_KEY'));
  return html;
}
/** The documented snippet with this test's server and write key in its placeholders. */
const documentedSnippet = (trailmap: string) => docSnippet().replace('https://trailmap.example.com', trailmap).replace('YOUR_WRITE_KEY', KEYS.writeKey);

/** The npm package's ESM build bundled for a page (as a site's bundler would), exposing AnalyticsBrowser. */
async function bundleNpmPackage(): Promise<string> {
  const entry = require.resolve('@segment/analytics-next'); // dist/cjs; its "module" is the ESM build
  const esm = entry.replace(/dist[\\/]cjs[\\/]index\.js$/, 'dist/pkg/index.js');
  const { build } = await import('rolldown');
  const out = await build({
    input: 'entry',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
    output: { format: 'iife' },
    plugins: [
      {
        name: 'entry',
        resolveId: (id: string) => (id === 'entry' ? '\0entry' : null),
        load: (id: string) => (id === '\0entry' ? `import { AnalyticsBrowser } from ${JSON.stringify(esm)}; window.AnalyticsBrowser = AnalyticsBrowser;` : null),
      },
    ],
  });
  const code = out.output[0]!.code;
  assert.ok(code.length > 100_000, 'the bundle holds the SDK');
  return code;
}

const page = (body: string) => `<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>${body}</head><body><h1>Shop</h1></body></html>`;

before(async () => {
  if (skip) return;
  srv = await startTestServer();
  npmBundle = await bundleNpmPackage();
  site = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/snippet.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page(documentedSnippet(srv.url)));
    } else if (path === '/npm.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page('<script src="/npm-bundle.js"></script>'));
    } else if (path === '/npm-bundle.js') {
      res.writeHead(200, { 'content-type': 'application/javascript' }).end(npmBundle);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  assert.notEqual(new URL(siteUrl).origin, new URL(srv.url).origin);
  chromium = await launchChromium();
  browser = chromium.browser;
});
after(async () => {
  await chromium?.close();
  // A keep-alive connection left by the browser must not keep the site (and this process) open.
  site?.closeAllConnections();
  await new Promise((resolve) => (site ? site.close(resolve) : resolve(undefined)));
  await srv?.close();
});

interface Seen {
  requests: string[];
  failed: string[];
  console: string[];
}
async function openPage(context: BrowserContext, path: string): Promise<{ tab: Page; seen: Seen }> {
  const tab = await context.newPage();
  const seen: Seen = { requests: [], failed: [], console: [] };
  tab.on('request', (r) => seen.requests.push(`${r.method()} ${r.url()}`));
  tab.on('requestfailed', (r) => seen.failed.push(`${r.method()} ${r.url()} ${r.failure()?.errorText}`));
  tab.on('console', (m) => seen.console.push(`${m.type()}: ${m.text()}`));
  await tab.goto(siteUrl + path);
  return { tab, seen };
}

/** Events stored for any of these ids, once `count` of them are there (the store flushed). */
async function storedEvents(ids: string[], count: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await srv.store.flush();
    const rows = await srv.store.db.query<{ message_id: string; type: string; event: string | null; user_id: string | null; anonymous_id: string | null; person_id: string; context: string; properties: string }>(
      `SELECT message_id, type, event, user_id, anonymous_id, person_id, context, properties FROM events
        WHERE anonymous_id IN (${ids.map((id, i) => srv.store.db.dialect.param(i, id)).join(', ')}) OR user_id IN (${ids.map((id, i) => srv.store.db.dialect.param(i, id)).join(', ')})
        ORDER BY timestamp`,
      ids,
    );
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every request went to the site or to Trailmap: nothing to Segment's CDN or API. */
function assertOnlyOurOrigins(seen: Seen) {
  const ours = [new URL(siteUrl).origin, new URL(srv.url).origin];
  const foreign = seen.requests.filter((r) => !ours.some((o) => r.split(' ')[1]!.startsWith(o + '/')));
  assert.deepEqual(foreign, [], `requests outside the site and Trailmap:\n${foreign.join('\n')}`);
  assert.deepEqual(seen.failed, [], `failed requests:\n${seen.failed.join('\n')}\nconsole:\n${seen.console.join('\n')}`);
}

/** From the page: a read with the read key, and one without a key; the browser must refuse both. */
async function crossOriginReads(tab: Page, anonymousId: string) {
  return (await tab.evaluate(
    `(async () => {
      const attempt = async (url, init) => { try { const r = await fetch(url, init); return 'answered ' + r.status + ' ' + (await r.text()).slice(0, 80); } catch (e) { return 'refused'; } };
      return [
        await attempt(${JSON.stringify(`${srv.url}/v1/profiles/${anonymousId}`)}, { headers: { authorization: 'Bearer ${KEYS.readKey}' } }),
        await attempt(${JSON.stringify(`${srv.url}/v1/people?q=snippet`)}),
        await attempt(${JSON.stringify(`${srv.url}/v1/analytics/funnel`)}, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ steps: ['Signed Up'] }) }),
      ];
    })()`,
  )) as string[];
}

async function profileOf(id: string) {
  const res = await fetch(`${srv.url}/v1/profiles/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${KEYS.readKey}` } });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as { id: string; identities: Array<{ type: string; id: string }>; traits: Record<string, unknown>; eventCount: number };
}

test('the documented script-tag snippet: /analytics.js from Trailmap sends page, track, identify, group and alias from another origin; one person; reads refused', { skip: skip ?? false, timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { tab, seen } = await openPage(context, '/snippet.html');
    await tab.waitForFunction('window.analytics && window.analytics.initialized === true', null, { timeout: 15_000 });
    const anonymousId = (await tab.evaluate('analytics.user().anonymousId()')) as string;
    assert.match(anonymousId, /^[0-9a-f-]{36}$/);
    // Each call resolves once the Segment.io plugin delivered it (standard delivery: one request each).
    // alias before identify, Segment's order: once identified, analytics-next stamps every event,
    // alias included, with the current userId. The alias links a CRM id to the new user.
    await tab.evaluate(`(async () => {
      await analytics.track('Signed Up', { plan: 'pro', amount: 12.5 });
      await analytics.alias('snippet-user', 'crm-snippet-7');
      await analytics.identify('snippet-user', { email: 'snippet@example.com', name: 'Ada' });
      await analytics.group('acme-snippet', { employees: 12 });
    })()`);
    const rows = await storedEvents([anonymousId, 'snippet-user', 'crm-snippet-7'], 5);
    assert.deepEqual(rows.map((r) => r.type).sort(), ['alias', 'group', 'identify', 'page', 'track']);
    const track = rows.find((r) => r.type === 'track')!;
    assert.equal(track.event, 'Signed Up');
    assert.deepEqual(JSON.parse(track.properties), { plan: 'pro', amount: 12.5 });
    assert.equal(track.anonymous_id, anonymousId);
    const ctx = JSON.parse(track.context);
    assert.equal(ctx.page.url, `${siteUrl}/snippet.html`);
    assert.equal(ctx.library.name, 'analytics.js');
    assert.equal(new Set(rows.map((r) => r.person_id)).size, 1, 'anonymousId, identify and alias are one person');
    assert.ok(!JSON.stringify(rows).includes(KEYS.writeKey), 'the write key the SDK puts in each message is not stored');

    const profile = await profileOf(anonymousId);
    assert.deepEqual(profile.identities.map((i) => `${i.type}:${i.id}`).sort(), [`anonymousId:${anonymousId}`, 'userId:crm-snippet-7', 'userId:snippet-user']);
    assert.equal(profile.traits.email, 'snippet@example.com');
    assert.equal((await profileOf('crm-snippet-7')).id, profile.id);

    // The SDK's own requests: settings and script from Trailmap, one short path per event type.
    const posts = seen.requests.filter((r) => r.startsWith('POST ')).map((r) => new URL(r.split(' ')[1]!).pathname).sort();
    assert.deepEqual(posts, ['/v1/a', '/v1/g', '/v1/i', '/v1/p', '/v1/t']);
    assert.ok(seen.requests.includes(`GET ${srv.url}/analytics.js`));
    assert.ok(seen.requests.includes(`GET ${srv.url}/v1/projects/${KEYS.writeKey}/settings`));
    assertOnlyOurOrigins(seen);

    const reads = await crossOriginReads(tab, anonymousId);
    assert.deepEqual(reads, ['refused', 'refused', 'refused'], reads.join('\n'));

    // A beacon (no preflight, no headers): the write key in a text/plain body.
    const beaconed = await tab.evaluate(
      `navigator.sendBeacon(${JSON.stringify(srv.url + '/v1/t')}, JSON.stringify({ writeKey: ${JSON.stringify(KEYS.writeKey)}, type: 'track', event: 'Left Page', anonymousId: ${JSON.stringify(anonymousId)}, messageId: 'beacon-1' }))`,
    );
    assert.equal(beaconed, true);
    const withBeacon = await storedEvents([anonymousId], 6);
    assert.ok(withBeacon.some((r) => r.message_id === 'beacon-1' && r.event === 'Left Page'), 'the beacon was stored');
  } finally {
    await context.close();
  }
});

test('the npm package (bundled for the page) with batching delivery posts /v1/b; events merge into one person; reads refused', { skip: skip ?? false, timeout: 90_000 }, async () => {
  const context = await browser.newContext();
  try {
    const { tab, seen } = await openPage(context, '/npm.html');
    const host = new URL(srv.url).host;
    await tab.evaluate(`(async () => {
      const [analytics] = await window.AnalyticsBrowser.load(
        { writeKey: ${JSON.stringify(KEYS.writeKey)}, cdnURL: ${JSON.stringify(srv.url)} },
        { integrations: { 'Segment.io': { apiHost: ${JSON.stringify(host + '/v1')}, protocol: 'http', deliveryStrategy: { strategy: 'batching', config: { size: 5, timeout: 300 } } } } },
      );
      window.sdk = analytics;
    })()`);
    const anonymousId = (await tab.evaluate('sdk.user().anonymousId()')) as string;
    await tab.evaluate(`(async () => {
      await sdk.page('Pricing');
      await sdk.track('Plan Chosen', { plan: 'team' });
      await sdk.alias('npm-user', 'crm-npm-9');
      await sdk.identify('npm-user', { email: 'npm@example.com' });
      await sdk.group('acme-npm');
    })()`);
    const rows = await storedEvents([anonymousId, 'npm-user', 'crm-npm-9'], 5);
    assert.deepEqual(rows.map((r) => r.type).sort(), ['alias', 'group', 'identify', 'page', 'track']);
    assert.equal(new Set(rows.map((r) => r.person_id)).size, 1);
    assert.equal(JSON.parse(rows.find((r) => r.type === 'track')!.context).library.name, 'analytics.js');
    const profile = await profileOf('npm-user');
    assert.deepEqual(profile.identities.map((i) => `${i.type}:${i.id}`).sort(), [`anonymousId:${anonymousId}`, 'userId:crm-npm-9', 'userId:npm-user']);

    const posts = seen.requests.filter((r) => r.startsWith('POST ')).map((r) => new URL(r.split(' ')[1]!).pathname);
    assert.ok(posts.length >= 1 && posts.every((p) => p === '/v1/b'), `batching posts only to /v1/b: ${posts.join(', ')}`);
    assertOnlyOurOrigins(seen);
    assert.deepEqual(await crossOriginReads(tab, anonymousId), ['refused', 'refused', 'refused']);
  } finally {
    await context.close();
  }
});

test('the Data page shows the documented snippets with this server\'s URL, in English and Chinese', { skip: skip ?? false, timeout: 90_000 }, async () => {
  assert.ok(existsSync(join(DEFAULT_WEB_DIR, 'index.html')), `the web app is not built in ${DEFAULT_WEB_DIR}: run \`npm run build\``);
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-web-snippet-'));
  const config = appConfigFromEnv({}, { warehouse: testWarehouse(), port: 0, dataDir: dir, demoEvents: 0, logLevel: 'warn', ...KEYS });
  const web = await startServer({ config, demo: false, print: () => {} });
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(`${web.url}/data?tab=sources&lang=en`);
    await tab.getByRole('heading', { name: 'Send from your website' }).waitFor();
    const script = await tab.getByTestId('snippet-website-script').innerText();
    assert.equal(script.trim(), docSnippet().trim().replace('https://trailmap.example.com', web.url), 'the page shows docs/collect.md\'s snippet');
    const npm = await tab.getByTestId('snippet-website-npm').innerText();
    assert.ok(npm.includes(`cdnURL: trailmap`) && npm.includes(`'${web.url}'`) && npm.includes(`apiHost: '${new URL(web.url).host}/v1', protocol: 'http'`), npm);
    assert.ok(!(await tab.content()).includes(KEYS.writeKey), 'the write key never reaches the web app');
    await tab.getByTestId('website-snippets').screenshot({ path: join(SCREENSHOTS, 'data-website-snippets.png') });
    await tab.goto(`${web.url}/data?tab=sources&lang=zh-CN`);
    await tab.getByRole('heading', { name: '从你的网站发送' }).waitFor();
    assert.equal((await tab.getByTestId('snippet-website-script').innerText()).trim(), script.trim());
  } finally {
    await context.close();
    await web.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
