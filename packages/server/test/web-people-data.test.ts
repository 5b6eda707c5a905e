import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The People and Data pages end to end: one real `startServer` on 30k demo events, Debian's Chromium driving it.
const KEYS = { writeKey: 'tm_write_web_pd_1234', readKey: 'tm_read_web_pd_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-people-data browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;

const get = <T>(path: string) => readKeyCall<T>(server.url, KEYS.readKey, 'GET', path);

interface PersonSummary { personId: string; identities: string[]; email: string | null; name: string | null; events: number }
interface Profile {
  id: string;
  identities: Array<{ type: string; id: string }>;
  traits: Record<string, unknown>;
  traitHistory: Record<string, unknown[]>;
  consent: { categories: Record<string, boolean> };
  eventCount: number;
  timeline: Array<{ messageId: string; touchpoint: string; channel: string; stage: string }>;
  segments?: Array<{ key: string }>;
  computedTraits?: { values: Array<{ key: string; value: number | string | null }> };
}
interface Quarantine { total: number; byCode: Record<string, number>; records: Array<{ line: number | null; record: string | null; code: string; reason: string; raw: string | null; file: string | null }> }
interface TouchpointRow { touchpoint: string; channel: string; events: number; people: number }
interface SourceRow { source: string; kind: string; name: string; events: number; people: number; quarantined: number }

// A CRM export: 2 good rows, then a row with a broken time and a row without a customer id.
const CSV_NAME = 'crm-web-import.csv';
const CSV =
  [
    'customer_id,action,created_at,amount',
    'crm-w4-1,Order Completed,2026-01-02T10:00:00Z,12.5',
    'crm-w4-2,Order Completed,2026-01-03T09:30:00Z,40',
    'crm-w4-3,Order Completed,not a time,3',
    ',Order Completed,2026-01-02T11:00:00Z,4',
  ].join('\n') + '\n';

const texts = (page: Page, testId: string) => page.getByTestId(testId).allInnerTexts();
/** An attribute of every element matching a selector, in page order (the tests have no DOM types). */
const attrs = (page: Page, selector: string, attr: string) =>
  page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.getAttribute(${JSON.stringify(attr)}))`) as Promise<Array<string | null>>;

useWebServer('trailmap-web-pd-', skip, KEYS, (fx) => ({ server, browser } = fx));

test('people: search by part of an email, open the profile by keyboard; identities, traits, consent and timeline equal the API', { skip: skip ?? false, timeout: 120_000 }, async () => {
  // A demo person with an email; search by its local part minus the first letter (a true substring).
  const recent = await get<{ people: PersonSummary[] }>('/v1/people?limit=50');
  const someone = recent.people.find((p) => p.email && p.name)!;
  assert.ok(someone, 'the demo data has identified people with an email');
  const part = someone.email!.split('@')[0]!.slice(1);
  const expected = await get<{ people: PersonSummary[] }>(`/v1/people?q=${encodeURIComponent(part)}&limit=25`);
  assert.ok(expected.people.some((p) => p.personId === someone.personId));
  // A saved segment holding this person and a computed trait: the profile shows both.
  await readKeyCall(server.url, KEYS.readKey, 'POST', '/v1/segments', { key: 'web-pd-one', name: 'Just this person', rule: { trait: 'email', value: someone.email } }, 201);
  await readKeyCall(server.url, KEYS.readKey, 'POST', '/v1/computed-traits', { key: 'web-pd-orders', name: 'Orders ever', aggregate: 'count', event: 'Order Completed' }, 201);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/?lang=en`);
  await page.getByRole('link', { name: 'People', exact: true }).click();
  await page.getByTestId('people-results').waitFor();
  await page.getByRole('searchbox', { name: 'Search people' }).fill(part);
  await page.getByRole('searchbox', { name: 'Search people' }).press('Enter');
  await page.waitForURL((u) => u.pathname === '/people' && u.searchParams.get('q') === part);
  await page.getByRole('heading', { name: `People matching “${part}”` }).waitFor();
  await page.waitForFunction(`document.querySelectorAll('[data-testid="person-row"]').length === ${expected.people.length}`);
  assert.deepEqual(await attrs(page, '[data-testid="person-row"]', 'data-person-id'), expected.people.map((p) => p.personId));
  assert.deepEqual(await texts(page, 'person-events'), expected.people.map((p) => p.events.toLocaleString('en')));

  // Keyboard: focus the person's link and press Enter.
  const link = page.locator(`[data-testid="person-row"][data-person-id="${someone.personId}"] [data-testid="person-link"]`);
  await link.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.searchParams.get('person') === someone.personId);
  await page.getByTestId('profile').waitFor();

  const profile = await get<Profile>(`/v1/profiles/${someone.personId}`);
  assert.equal(await page.getByTestId('profile').getAttribute('data-person-id'), profile.id);
  assert.equal(await page.getByRole('heading', { level: 2, name: String(profile.traits.name) }).count(), 1);
  assert.match(await page.getByTestId('profile-summary').innerText(), new RegExp(`^${profile.eventCount.toLocaleString('en')} events`));
  const idRows = await texts(page, 'identity-row');
  assert.equal(idRows.length, profile.identities.length);
  for (const [i, id] of profile.identities.entries()) assert.ok(idRows[i]!.includes(id.id) && idRows[i]!.includes(id.type), `identity ${id.type} ${id.id}`);
  assert.equal(await page.getByTestId('trait-row').count(), Object.keys(profile.traits).length);
  assert.equal(await page.locator('[data-testid="profile-consent"] li').count(), Object.keys(profile.consent.categories).length);
  assert.deepEqual(await attrs(page, '[data-testid="profile-segments"] li', 'data-segment'), profile.segments!.map((x) => x.key));
  assert.deepEqual(profile.segments!.map((x) => x.key), ['web-pd-one'], 'the profile lists the segment holding this person');
  const orders = profile.computedTraits!.values.find((v) => v.key === 'web-pd-orders')!;
  assert.equal(await page.locator('[data-testid="profile-computed"] tr[data-trait="web-pd-orders"] td').innerText(), orders.value === null ? '—' : String(orders.value));
  // The timeline: the API's events in the API's order (newest first), with touchpoint, channel and stage.
  const rows = page.getByTestId('timeline-event');
  assert.equal(await rows.count(), profile.timeline.length);
  assert.deepEqual(await attrs(page, '[data-testid="timeline-event"]', 'data-message-id'), profile.timeline.map((e) => e.messageId));
  const first = (await rows.first().innerText()).split('\t');
  assert.equal(first[2], profile.timeline[0]!.touchpoint);
  assert.equal(await page.getByTestId('timeline-shown').innerText(), `The ${profile.timeline.length} most recent of ${profile.eventCount.toLocaleString('en')} events, newest first`);
  // Trait history on demand.
  const email = page.locator('[data-testid="trait-row"][data-trait="email"]');
  await email.getByRole('button').click();
  const history = page.getByTestId('trait-history');
  await history.waitFor();
  assert.equal(await history.locator('tbody tr').count(), profile.traitHistory.email!.length);
  await page.screenshot({ path: join(SCREENSHOTS, 'people.png'), fullPage: true });

  // The shared URL reopens the search and the profile, at tablet width.
  const shared = await browser.newPage({ viewport: { width: 820, height: 1100 } });
  await shared.goto(page.url());
  await shared.getByTestId('profile').waitFor();
  assert.equal(await shared.getByRole('searchbox', { name: 'Search people' }).inputValue(), part);
  assert.equal(await shared.getByTestId('timeline-event').count(), profile.timeline.length);
  await shared.screenshot({ path: join(SCREENSHOTS, 'people-tablet.png'), fullPage: true });
  await shared.close();

  // A search nobody matches says so.
  await page.getByRole('searchbox', { name: 'Search people' }).fill('no-such-person-zz9');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByText('Nobody matches “no-such-person-zz9”.').waitFor();
  await page.close();
});

test('data: import a CSV with 2 good and 2 bad rows through the page; the progress bar completes, the report counts, the 2 rows in the quarantine list with their reasons', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'trailmap-upload-'));
  const file = join(tmp, CSV_NAME);
  writeFileSync(file, CSV);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/?lang=en`);
    await page.getByRole('link', { name: 'Data', exact: true }).click();
    await page.getByRole('link', { name: 'Import a file' }).click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'import');
    await page.getByTestId('import-file').setInputFiles(file);
    assert.equal(await page.getByTestId('import-columns').innerText(), 'Columns in the file: customer_id, action, created_at, amount');
    // Column mapping rows, the unknown-columns policy and the default type.
    const mapping = [['customer_id', 'userId'], ['action', 'event'], ['created_at', 'timestamp'], ['amount', 'properties.revenue']];
    for (const [i, [column, field]] of mapping.entries()) {
      if (i > 0) await page.getByTestId('map-add').click();
      await page.getByTestId(`map-column-${i + 1}`).fill(column!);
      await page.getByTestId(`map-field-${i + 1}`).fill(field!);
    }
    await page.getByTestId('import-unknown').selectOption('error');
    await page.getByTestId('import-type').selectOption('track');
    // Watch the progress bar: every value it shows, from the XHR upload events, until the report.
    await page.evaluate(`{
      const seen = (window.__progress = []);
      new MutationObserver(() => {
        const p = document.querySelector('[data-testid="import-progress"]');
        if (p) seen.push(p.value + '/' + p.max + '/' + p.dataset.phase);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    }`);
    await page.getByTestId('import-submit').click();
    await page.getByTestId('import-report').waitFor();
    const bar = page.getByTestId('import-progress');
    const size = Buffer.byteLength(CSV);
    assert.equal(await page.evaluate(`(() => { const p = document.querySelector('[data-testid="import-progress"]'); return p.value + '/' + p.max; })()`), `${size}/${size}`, 'the progress bar is complete');
    assert.equal(await bar.getAttribute('data-phase'), 'done');
    const seen = (await page.evaluate('window.__progress')) as string[];
    assert.ok(seen.some((s) => s.endsWith('/uploading')), `the bar showed the upload: ${seen.join(' ')}`);
    assert.ok(seen.at(-1)!.endsWith('/done'));
    console.log(`# import progress bar states: ${[...new Set(seen)].join(' → ')}`);

    assert.equal(await page.getByTestId('report-rows').innerText(), '4');
    assert.equal(await page.getByTestId('report-accepted').innerText(), '2');
    assert.equal(await page.getByTestId('report-quarantined').innerText(), '2');
    assert.equal(await page.getByTestId('report-duplicates').innerText(), '0');
    // The API's newest quarantine records are this import's 2 rows (lines 4 and 5 of the file).
    const newest = await get<Quarantine>('/v1/quarantine?limit=25');
    const mine = newest.records.slice(0, 2);
    assert.ok(mine.every((r) => r.file?.endsWith(CSV_NAME)), `the newest records come from the upload: ${mine.map((r) => r.file).join(', ')}`);
    const byLine = [...mine].sort((a, b) => a.line! - b.line!);
    assert.deepEqual(byLine.map((r) => r.line), [4, 5]);
    const sample = await texts(page, 'import-sample-row');
    assert.equal(sample.length, 2);
    for (const [i, r] of byLine.entries()) {
      assert.ok(sample[i]!.startsWith(String(r.line)), sample[i]);
      assert.ok(sample[i]!.includes(r.reason), `${sample[i]} has the reason ${r.reason}`);
    }
    // The good rows are stored under their mapped userIds.
    const stored = await get<Profile>('/v1/profiles/crm-w4-1');
    assert.equal(stored.timeline[0]!.touchpoint, 'Order Completed');
    await page.screenshot({ path: join(SCREENSHOTS, 'data-import.png'), fullPage: true });

    // The quarantine list of this file only: the 2 rows with line, code, reason, and the original text on demand.
    await page.getByTestId('import-see-quarantine').click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'quarantine' && u.searchParams.get('file') === mine[0]!.file);
    await page.getByTestId('quarantine-ready').waitFor();
    const api = await get<Quarantine>(`/v1/quarantine?limit=25&file=${encodeURIComponent(mine[0]!.file!)}`);
    assert.equal(api.total, 2, 'the file filter keeps this upload\'s 2 rows');
    assert.equal(await page.getByTestId('quarantine-total').innerText(), `${api.total.toLocaleString('en')} quarantined records`);
    const qRows = page.getByTestId('quarantine-row');
    assert.equal(await qRows.count(), api.records.length);
    assert.deepEqual(await texts(page, 'quarantine-reason'), api.records.map((r) => r.reason));
    assert.deepEqual(await texts(page, 'quarantine-line'), api.records.map((r) => (r.line === null ? (r.record ?? '–') : r.line.toLocaleString('en'))));
    const codes = (await page.evaluate(`[...document.querySelectorAll('[data-testid="quarantine-code"]')].map((e) => [e.getAttribute('data-code'), e.querySelector('b').textContent])`)) as Array<[string, string]>;
    assert.deepEqual(Object.fromEntries(codes), Object.fromEntries(Object.entries(api.byCode).map(([k, v]) => [k, v.toLocaleString('en')])));
    await qRows.first().getByTestId('quarantine-raw-toggle').click();
    assert.equal(await page.getByTestId('quarantine-raw').innerText(), api.records[0]!.raw);
    assert.ok(CSV.includes(api.records[0]!.raw!.trim()), 'the original CSV line');
    await page.screenshot({ path: join(SCREENSHOTS, 'data-quarantine.png'), fullPage: true });

    // Filtering by a file name goes into the URL and asks the API for that file only.
    await page.getByTestId('quarantine-file').fill(mine[0]!.file!);
    await page.getByTestId('quarantine-file').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('file') === mine[0]!.file);
    await page.waitForFunction(`document.querySelector('[data-testid="quarantine-total"]')?.textContent === '2 quarantined records'`);
    assert.equal(await qRows.count(), 2);
    await page.getByRole('link', { name: 'All sources' }).click();
    await page.waitForURL((u) => !u.searchParams.has('file'));
    await page.waitForFunction(`document.querySelectorAll('[data-testid="quarantine-row"]').length === ${api.records.length}`);
    await page.close();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('data: sources show this server\'s endpoints and the SDK snippet but never a key; the touchpoint catalogue equals GET /v1/touchpoints', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}/data?lang=en`);
  await page.getByTestId('sources-endpoints').waitFor();
  assert.ok((await texts(page, 'endpoint-url')).includes(`${server.url}/v1/track`));
  assert.match(await page.getByTestId('snippet-node').innerText(), new RegExp(`host: '${server.url.replace(/[.]/g, '\\.')}'`));
  assert.match(await page.getByTestId('write-key-note').innerText(), /keys\.json/);
  const html = await page.content();
  assert.ok(!html.includes(KEYS.writeKey) && !html.includes(KEYS.readKey), 'no key reaches the page');
  // Sources that sent data: the rows equal GET /v1/sources (the demo data, and the CSV uploaded above with 2 bad rows).
  await page.getByTestId('sources-list').waitFor();
  const sent = await get<{ sources: SourceRow[]; totals: { events: number } }>('/v1/sources');
  assert.ok(sent.sources.some((r) => r.source === 'demo' && r.events > 0), 'the demo data is a source');
  assert.deepEqual(await attrs(page, '[data-testid="source-row"]', 'data-source'), sent.sources.map((r) => r.source));
  assert.deepEqual(await texts(page, 'source-name'), sent.sources.map((r) => r.name));
  assert.deepEqual(await texts(page, 'source-events'), sent.sources.map((r) => r.events.toLocaleString('en')));
  assert.deepEqual(await texts(page, 'source-people'), sent.sources.map((r) => r.people.toLocaleString('en')));
  assert.deepEqual(await texts(page, 'source-quarantined'), sent.sources.map((r) => r.quarantined.toLocaleString('en')));
  assert.match(await page.getByTestId('sources-totals').innerText(), new RegExp(`${sent.totals.events.toLocaleString('en')} events`));
  await page.screenshot({ path: join(SCREENSHOTS, 'data-sources.png'), fullPage: true });
  // A file with quarantined rows links to the quarantine list of that file.
  const withBad = sent.sources.find((r) => r.kind === 'file' && r.quarantined > 0);
  if (withBad) {
    await page.locator(`[data-testid="source-row"][data-source="${withBad.source}"] [data-testid="source-quarantine-link"]`).click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'quarantine' && u.searchParams.get('file') === withBad.name);
    await page.getByTestId('quarantine-ready').waitFor();
    assert.equal(await page.getByTestId('quarantine-total').innerText(), `${withBad.quarantined.toLocaleString('en')} quarantined records`);
    await page.getByRole('link', { name: 'Sources and keys' }).click();
    await page.getByTestId('sources-list').waitFor();
  } else {
    assert.equal(await page.getByTestId('source-quarantine-link').count(), 0, 'no link without a file with quarantined rows');
  }

  await page.getByRole('link', { name: 'Touchpoint catalogue' }).click();
  await page.getByTestId('tp-ready').waitFor();
  const { touchpoints } = await get<{ touchpoints: TouchpointRow[] }>('/v1/touchpoints');
  assert.equal(await page.getByTestId('tp-row').count(), touchpoints.length);
  assert.deepEqual(await texts(page, 'tp-events'), touchpoints.map((r) => r.events.toLocaleString('en')));
  assert.deepEqual(await texts(page, 'tp-people'), touchpoints.map((r) => r.people.toLocaleString('en')));
  await page.getByTestId('tp-edit-note').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'data-touchpoints.png'), fullPage: true });
  // The filter goes into the URL.
  await page.getByTestId('tp-filter').fill('Order Completed');
  await page.waitForURL((u) => u.searchParams.get('tp') === 'Order Completed');
  const expected = touchpoints.filter((r) => r.touchpoint.includes('Order Completed'));
  assert.ok(expected.length > 0);
  await page.waitForFunction(`document.querySelectorAll('[data-testid="tp-row"]').length === ${expected.length}`);
  assert.deepEqual(await attrs(page, '[data-testid="tp-row"]', 'data-touchpoint'), expected.map((r) => r.touchpoint));
  assert.deepEqual(await texts(page, 'tp-events'), expected.map((r) => r.events.toLocaleString('en')));
  await page.close();
});

test('Chinese: the People and Data pages in zh-CN, numbers formatted in that locale', { skip: skip ?? false, timeout: 60_000 }, async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
  const page = await ctx.newPage();
  const recent = await get<{ people: PersonSummary[] }>('/v1/people?limit=25');
  const busiest = [...recent.people].sort((a, b) => b.events - a.events)[0]!;
  await page.goto(`${server.url}/people?lang=zh-CN&person=${busiest.personId}`);
  await page.getByTestId('profile').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '用户');
  assert.equal(await page.getByRole('link', { name: '数据', exact: true }).count(), 1);
  await page.getByRole('heading', { name: '身份' }).waitFor();
  await page.getByRole('heading', { name: '时间线' }).waitFor();
  const profile = await get<Profile>(`/v1/profiles/${busiest.personId}`);
  assert.match(await page.getByTestId('profile-summary').innerText(), new RegExp(`^${profile.eventCount.toLocaleString('zh-CN')} 个事件`));
  const stages: Record<string, string> = { awareness: '认知', interest: '兴趣', consideration: '考虑', conversion: '转化' };
  const firstStage = (await page.getByTestId('timeline-event').first().innerText()).split('\t')[4];
  if (stages[profile.timeline[0]!.stage]) assert.equal(firstStage, stages[profile.timeline[0]!.stage]);
  await page.screenshot({ path: join(SCREENSHOTS, 'people-zh-CN.png'), fullPage: true });

  await page.goto(`${server.url}/data?tab=quarantine`);
  await page.getByTestId('quarantine-ready').waitFor();
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), '数据');
  assert.equal(await page.getByRole('heading', { level: 2 }).innerText(), '隔离区');
  const all = await get<Quarantine>('/v1/quarantine?limit=25');
  assert.equal(await page.getByTestId('quarantine-total').innerText(), `共 ${all.total.toLocaleString('zh-CN')} 条隔离记录`);
  await page.screenshot({ path: join(SCREENSHOTS, 'data-quarantine-zh-CN.png'), fullPage: true });
  await page.getByRole('link', { name: '导入文件' }).click();
  await page.getByRole('button', { name: '上传并导入' }).waitFor();
  await page.getByRole('link', { name: '数据源与密钥' }).click();
  await page.getByRole('heading', { name: '写入密钥' }).waitFor();
  await ctx.close();
});
