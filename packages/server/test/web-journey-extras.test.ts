import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason, SCREENSHOTS } from './support/browser.js';
import { readKeyCall, useWebServer, type StartedServer } from './support/web-fixture.js';

// The journey map's extras end to end: the qualitative layer (notes stored through the API),
// the service blueprint and day-in-the-life map types, and the CSV/PNG/PDF exports.
// One real `startServer` on 30k demo events; Debian's Chromium drives the app.
const KEYS = { writeKey: 'tm_write_jmx_test_1234', readKey: 'tm_read_jmx_test_5678' };
const skip = browserSkipReason();
if (skip) console.log(`# journey map extras browser tests skipped: ${skip}`);

let server: StartedServer;
let browser: Browser;

function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  return readKeyCall<T>(server.url, KEYS.readKey, method, path, body);
}

interface Cell {
  stage: string;
  channel: string;
  touchpoint: string;
  people: number;
  converted: number;
  conversion: number | null;
  dwellMedianMs: number | null;
  bounceRate: number;
  experience: { responses: number; csat: { mean: number | null }; nps: { score: number | null } };
}
interface Note { id: string; kind: string; stage: string | null; channel: string | null; touchpoint: string | null; lane: string | null; text: string; owner: string | null; status: string }
const notes = async () => (await api<{ notes: Note[] }>('GET', '/v1/journey-notes')).notes;
const cellSel = (c: { stage: string; channel: string; touchpoint: string }) =>
  `[data-testid="jm-cell"][data-stage="${c.stage}"][data-channel="${c.channel}"][data-touchpoint="${c.touchpoint}"]`;

async function openMap(page: Page, query = ''): Promise<void> {
  await page.goto(`${server.url}/?lang=en${query}`);
  await page.getByTestId('jm-ready').waitFor();
}

useWebServer('trailmap-jmx-', skip, KEYS, (fx) => ({ server, browser } = fx));

test('notes: a quote on the web Payment Info Entered cell is validated, stored, survives a reload, is edited and deleted through the API', { skip: skip ?? false, timeout: 120_000 }, async () => {
  const map = await api<{ cells: Cell[] }>('POST', '/v1/analytics/journey-map', {});
  const cell = map.cells.find((c) => c.channel === 'web' && c.touchpoint === 'Payment Info Entered');
  assert.ok(cell, 'the demo has a web Payment Info Entered cell');
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openMap(page);
  const card = page.locator(cellSel(cell));
  assert.equal(await card.getByTestId('cell-notes-count').innerText(), '0');

  // Keyboard: the cell's notes button is a button; Enter opens the side panel and the URL holds the cell.
  await card.getByTestId('cell-notes').focus();
  await page.keyboard.press('Enter');
  const panel = page.getByTestId('notes-panel');
  await panel.waitFor();
  assert.equal(new URL(page.url()).searchParams.get('sel'), `${cell.stage}|web|Payment Info Entered`);
  assert.match(await panel.getByRole('heading').first().innerText(), /Payment Info Entered · Web · Conversion/);

  // Validation: an empty text is refused before sending, the field is marked, nothing is stored.
  await panel.getByTestId('note-add-submit').click();
  assert.equal(await panel.getByTestId('note-add-error').innerText(), 'Write the text first.');
  assert.equal(await panel.getByTestId('note-add-text').getAttribute('aria-invalid'), 'true');
  assert.equal((await notes()).length, 0);

  const text = '“The card form cleared itself twice, so I gave up.” — interview 4';
  await panel.getByTestId('note-add-kind').selectOption('quote');
  await panel.getByTestId('note-add-text').fill(text);
  await panel.getByTestId('note-add-owner').fill('Mei Chen');
  await panel.getByTestId('note-add-status').selectOption('in_progress');
  await panel.getByTestId('note-add-submit').click();
  await panel.getByTestId('note').filter({ hasText: 'gave up' }).waitFor();
  assert.equal(await card.getByTestId('cell-notes-count').innerText(), '1');

  // In the API, pinned to the cell with kind, owner and status.
  const [stored] = await notes();
  assert.deepEqual(
    { kind: stored!.kind, stage: stored!.stage, channel: stored!.channel, touchpoint: stored!.touchpoint, lane: stored!.lane, text: stored!.text, owner: stored!.owner, status: stored!.status },
    { kind: 'quote', stage: cell.stage, channel: 'web', touchpoint: 'Payment Info Entered', lane: null, text, owner: 'Mei Chen', status: 'in_progress' },
  );

  // A reload (the shared URL) reopens the panel with the stored note and the count on the cell.
  await page.reload();
  await page.getByTestId('jm-ready').waitFor();
  await page.getByTestId('notes-panel').getByTestId('note').first().waitFor();
  assert.match(await page.getByTestId('notes-panel').getByTestId('note-text').first().innerText(), /gave up/);
  assert.equal(await page.locator(cellSel(cell)).getByTestId('cell-notes-count').innerText(), '1');
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-map-notes.png'), fullPage: true });

  // Edit: the status goes to done (PATCH), the text stays.
  const note = page.getByTestId('notes-panel').getByTestId('note').first();
  await note.getByTestId('note-edit-button').click();
  await page.getByTestId('note-edit-status').selectOption('done');
  await page.getByTestId('note-edit-submit').click();
  await page.getByTestId('notes-panel').locator('.note.status-done').waitFor();
  const edited = (await notes())[0]!;
  assert.equal(edited.status, 'done');
  assert.equal(edited.text, text);

  // A second note (an idea on the stage), then deleted: the API no longer has it.
  await page.locator(`[data-testid="jm-stage"][data-stage="${cell.stage}"] [data-testid="stage-notes"]`).click();
  await page.waitForURL((u) => u.searchParams.get('sel') === cell.stage);
  const stagePanel = page.getByTestId('notes-panel');
  await stagePanel.getByTestId('note-add-kind').selectOption('idea');
  await stagePanel.getByTestId('note-add-text').fill('Offer saved cards at checkout');
  await stagePanel.getByTestId('note-add-submit').click();
  await stagePanel.getByTestId('note').waitFor();
  const both = await notes();
  assert.equal(both.length, 2);
  assert.deepEqual(both.map((n) => [n.kind, n.channel]).sort(), [['idea', null], ['quote', 'web']]);
  await stagePanel.getByTestId('note-delete').click();
  await stagePanel.getByTestId('note').waitFor({ state: 'detached' });
  assert.deepEqual((await notes()).map((n) => n.id), [stored!.id]);
  await page.close();
});

test('service blueprint: the map type is in the URL; a technology-lane item is added to the conversion stage and stored', { skip: skip ?? false, timeout: 90_000 }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openMap(page);
  await page.getByTestId('map-type-select').selectOption('blueprint');
  await page.waitForURL((u) => u.searchParams.get('type') === 'blueprint');
  await page.getByTestId('blueprint').waitFor();
  const lanes = await Promise.all((await page.getByTestId('bp-lane').all()).map((r) => r.getAttribute('data-lane')));
  assert.deepEqual(lanes, ['frontstage', 'backstage', 'process', 'technology']);

  const target = page.locator('[data-testid="bp-cell"][data-lane="technology"][data-stage="conversion"]');
  await target.getByTestId('bp-add').click();
  await target.getByTestId('bp-form-text').fill('Payment gateway: 3-D Secure page times out after 30 s on iOS');
  await target.getByTestId('bp-form-owner').fill('Payments team');
  await target.getByTestId('bp-form-submit').click();
  await target.getByTestId('note').waitFor();

  const item = (await notes()).find((n) => n.lane === 'technology');
  assert.ok(item, 'stored as a journey note with a lane');
  assert.deepEqual([item.stage, item.channel, item.touchpoint, item.owner, item.status], ['conversion', null, null, 'Payments team', 'open']);

  // Shared URL: the blueprint with the stored item, at tablet width too.
  const tablet = await browser.newPage({ viewport: { width: 820, height: 1100 } });
  await tablet.goto(page.url());
  await tablet.getByTestId('blueprint').getByTestId('note').filter({ hasText: '3-D Secure' }).waitFor();
  await tablet.screenshot({ path: join(SCREENSHOTS, 'journey-map-blueprint-tablet.png'), fullPage: true });
  await tablet.close();
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-map-blueprint.png'), fullPage: true });
  await page.close();
});

test('day in the life: a demo person found by search; the highlighted cells are the distinct cells of their timeline, in order with times', { skip: skip ?? false, timeout: 90_000 }, async () => {
  const { people } = await api<{ people: Array<{ personId: string; events: number }> }>('GET', '/v1/people?limit=200');
  // Someone whose whole timeline fits in the profile's 50 most recent events, with a few steps.
  const person = people.filter((p) => p.events <= 50).sort((a, b) => b.events - a.events || (a.personId < b.personId ? -1 : 1))[0];
  assert.ok(person, 'the demo has people');
  const profile = await api<{ timeline: Array<{ stage: string; channel: string; touchpoint: string }> }>('GET', `/v1/profiles/${encodeURIComponent(person.personId)}`);
  const map = await api<{ cells: Cell[] }>('POST', '/v1/analytics/journey-map', {});
  const key = (c: { stage: string; channel: string; touchpoint: string }) => `${c.stage}|${c.channel}|${c.touchpoint}`;
  const onMap = new Set(map.cells.map(key));
  const hits = profile.timeline.filter((e) => onMap.has(key(e)));
  const distinct = new Set(hits.map(key));
  assert.ok(distinct.size >= 2, `person ${person.personId} has steps on the map`);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await openMap(page, '&type=day');
  await page.getByTestId('day-search').fill(person.personId);
  await page.getByTestId('day-search-submit').click();
  await page.locator(`[data-testid="day-person"][data-person="${person.personId}"]`).click();
  await page.waitForURL((u) => u.searchParams.get('person') === person.personId);
  await page.getByTestId('day-timeline').waitFor();

  assert.equal(await page.locator('[data-testid="jm-cell"][data-visited]').count(), distinct.size);
  for (const k of distinct) {
    const [stage, channel, touchpoint] = k.split('|') as [string, string, string];
    assert.equal(await page.locator(cellSel({ stage, channel, touchpoint })).getAttribute('data-visited'), String(hits.filter((h) => key(h) === k).length));
  }
  // Every timeline event is listed in time order; the step numbers on the cells cover the on-map ones.
  assert.equal(await page.getByTestId('day-step').count(), profile.timeline.length);
  const numbers = (await page.locator('[data-testid="cell-visits"] .step-n').allInnerTexts()).map(Number).sort((a, b) => a - b);
  assert.equal(numbers.length, hits.length);
  const times = await Promise.all((await page.locator('[data-testid="day-step"] time').all()).map((t) => t.getAttribute('datetime')));
  assert.deepEqual(times, [...times].sort());
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-map-day-in-the-life.png'), fullPage: true });
  await page.close();
});

test('exports: the CSV rows equal the API\'s cells; the PNG is drawn from the data; PDF is the print stylesheet through window.print()', { skip: skip ?? false, timeout: 90_000 }, async () => {
  const map = await api<{ cells: Cell[] }>('POST', '/v1/analytics/journey-map', {});
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await openMap(page);
  await page.getByTestId('emotion-chart').locator('canvas').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'journey-map-current.png'), fullPage: true });

  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  assert.match(csvDownload.suggestedFilename(), /^journey-map-cells-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await csvDownload.path())!, 'utf8').replace(/^\ufeff/, '');
  const [header, ...rows] = csv.trimEnd().split('\r\n');
  const cols = header!.split(',');
  assert.deepEqual(cols.slice(0, 7), ['stage', 'channel', 'touchpoint', 'people', 'converted', 'conversion', 'dwell_median_ms']);
  assert.equal(rows.length, map.cells.length);
  const parse = (line: string) => (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((f) => f.replace(/,$/, '').replace(/^"(.*)"$/s, '$1').replace(/""/g, '"'));
  rows.forEach((line, i) => {
    const f = Object.fromEntries(cols.map((c, j) => [c, parse(line)[j]]));
    const c = map.cells[i]!;
    assert.deepEqual(
      [f.stage, f.channel, f.touchpoint, Number(f.people), Number(f.converted), f.conversion === '' ? null : Number(f.conversion), f.dwell_median_ms === '' ? null : Number(f.dwell_median_ms), Number(f.bounce_rate), Number(f.responses), f.csat_mean === '' ? null : Number(f.csat_mean), f.nps === '' ? null : Number(f.nps)],
      [c.stage, c.channel, c.touchpoint, c.people, c.converted, c.conversion, c.dwellMedianMs, c.bounceRate, c.experience.responses, c.experience.csat.mean, c.experience.nps.score],
    );
  });

  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-png').click()]);
  const png = readFileSync((await pngDownload.path())!);
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from('PNG')]);
  const width = png.readUInt32BE(16);
  assert.ok(width > 1000 && png.length > 20_000, `a drawn map (${width} px wide, ${png.length} bytes)`);
  writeFileSync(join(SCREENSHOTS, 'journey-map-export.png'), png);

  // PDF: the button opens the print dialog; the print stylesheet hides the controls.
  await page.evaluate('window.printed = 0; window.print = () => { window.printed += 1; }');
  await page.getByTestId('export-pdf').click();
  assert.equal(await page.evaluate('window.printed'), 1);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false);
  assert.equal(await page.getByTestId('export-csv').isVisible(), false);
  assert.equal(await page.locator(cellSel(map.cells[0]!)).isVisible(), true);
  const pdf = await page.pdf({ landscape: true, printBackground: true, preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  writeFileSync(join(SCREENSHOTS, 'journey-map-print.pdf'), pdf);
  await page.emulateMedia({ media: 'screen' });
  await page.close();
});
