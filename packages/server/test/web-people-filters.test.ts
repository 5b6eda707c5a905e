import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { parseCsv } from '@trailmap/core';
import { browserSkipReason } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The People list: count, persona and trait filters, trait columns and CSV, in English and Chinese, against the API.
const KEYS = { writeKey: 'tm_write_web_ppl_1234', readKey: 'tm_read_web_ppl_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# web-people-filters browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;
useWebServer('trailmap-web-ppl-', skip, KEYS, (fx) => ({ server, browser } = fx));

interface Answer { total: number; columns: string[]; people: Array<{ personId: string; identities: string[]; traits: Record<string, string | null> }> }
const get = <T>(path: string) => readKeyCall<T>(server.url, KEYS.readKey, 'GET', path);
const attrs = (page: Page, selector: string, attr: string) =>
  page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => e.getAttribute(${JSON.stringify(attr)}))`) as Promise<Array<string | null>>;
const texts = (page: Page, testId: string) => page.getByTestId(testId).allInnerTexts();

const L = {
  en: { total: (t: number, n: number) => `${t.toLocaleString('en')} people match · ${n.toLocaleString('en')} shown`, persona: 'Persona', add: 'Add filter', column: 'Add a column' },
  'zh-CN': { total: (t: number, n: number) => `共 ${t.toLocaleString('zh-CN')} 人符合 · 显示 ${n.toLocaleString('zh-CN')} 人`, persona: '用户画像', add: '添加筛选', column: '添加一列' },
} as const;

for (const lang of ['en', 'zh-CN'] as const) {
  const l = L[lang];
  test(`${lang}: people count; filter by persona and by trait; trait columns; the CSV is every match`, { skip: skip ?? false, timeout: 120_000 }, async () => {
    const all = await get<Answer>('/v1/people?limit=25');
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.goto(`${server.url}/people?lang=${lang}`);
    await page.getByTestId('people-results').waitFor();
    assert.equal(await page.getByTestId('people-total').innerText(), l.total(all.total, all.people.length));
    assert.ok(all.total > 25, 'the demo has more people than one page');

    // Persona: a value from the select; rows and count equal the API's.
    const personaSelect = page.getByTestId('people-persona');
    assert.match((await page.locator('label').filter({ has: personaSelect }).innerText()).trim(), new RegExp(`^${l.persona}`));
    await page.waitForFunction(`document.querySelectorAll('[data-testid="people-persona"] option').length > 2`);
    const persona = (await attrs(page, '[data-testid="people-persona"] option', 'value')).find((v) => v)!;
    await personaSelect.selectOption(persona);
    await page.waitForURL((u) => u.searchParams.get('persona') === persona);
    const byPersona = await get<Answer>(`/v1/people?persona=${encodeURIComponent(persona)}&limit=25`);
    await page.waitForFunction(`document.querySelector('[data-testid="people-results"]')?.dataset.total === '${byPersona.total}'`);
    assert.ok(byPersona.total > 0 && byPersona.total < all.total);
    assert.deepEqual(await attrs(page, '[data-testid="person-row"]', 'data-person-id'), byPersona.people.map((p) => p.personId));

    // A trait column, then a filter on that trait's value as shown in the first row.
    const { traits } = await get<{ traits: string[] }>('/v1/people/traits');
    const trait = traits.find((t) => t !== 'persona' && t !== 'email' && t !== 'name') ?? 'persona';
    const columnSelect = page.getByTestId('people-column-add');
    assert.match((await page.locator('label').filter({ has: columnSelect }).innerText()).trim(), new RegExp(`^${l.column}`));
    await columnSelect.selectOption(trait);
    await page.waitForURL((u) => u.searchParams.get('cols') === trait);
    const withCol = await get<Answer>(`/v1/people?persona=${encodeURIComponent(persona)}&columns=${encodeURIComponent(trait)}&limit=25`);
    await page.getByTestId('people-trait-col').waitFor();
    assert.deepEqual(await texts(page, 'person-trait'), withCol.people.map((p) => p.traits[trait] ?? '–'));
    const value = withCol.people.map((p) => p.traits[trait]).find((v) => v !== null);
    assert.ok(value, `someone has ${trait}`);
    await page.getByTestId('people-trait-name').selectOption(trait);
    await page.getByTestId('people-trait-value').fill(value!);
    await page.getByRole('button', { name: l.add, exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get(`trait.${trait}`) === value);
    const filtered = await get<Answer>(`/v1/people?persona=${encodeURIComponent(persona)}&trait.${encodeURIComponent(trait)}=${encodeURIComponent(value!)}&columns=${encodeURIComponent(trait)}&limit=25`);
    await page.waitForFunction(`document.querySelector('[data-testid="people-results"]')?.dataset.total === '${filtered.total}'`);
    assert.deepEqual(await attrs(page, '[data-testid="person-row"]', 'data-person-id'), filtered.people.map((p) => p.personId));
    assert.ok((await texts(page, 'person-trait')).every((v) => v === value));

    // CSV: every matching person (all pages), with the chosen column.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('people-csv').click()]);
    const rows = parseCsv(readFileSync((await csv.path())!, 'utf8'));
    assert.deepEqual(rows[0], ['personId', 'name', 'email', 'identities', 'events', 'firstSeen', 'lastSeen', `trait.${trait}`]);
    assert.equal(rows.length - 1, filtered.total);
    assert.ok(rows.slice(1).every((r) => r[7] === value));
    assert.deepEqual(rows.slice(1, 1 + filtered.people.length).map((r) => r[0]), filtered.people.map((p) => p.personId));

    // Ids are not broken mid-word: each id's words stay whole (it wraps only at its <wbr> after a separator).
    const wraps = await page.evaluate(`[...document.querySelectorAll('.id-list .id')].every((e) => getComputedStyle(e.parentElement).overflowWrap === 'normal' && getComputedStyle(e.parentElement).wordBreak === 'normal')`);
    assert.equal(wraps, true);
    await page.close();
  });
}
