import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  defaultSentimentScorer,
  DEFAULT_PROJECT_CONFIG,
  funnelSchema,
  journeyMapDefinitionSchema,
  normalizeMessage,
  projectConfigSchema,
  rfmDefinitionSchema,
  segmentRuleSchema,
  type ProjectConfig,
} from '@trailmap/core';
import { importFile, attributionRequestSchema, runAttribution, runFunnel, runJourneyMap, runRfm, segmentPreview, type EventStore, type SqlSession } from '../src/index.js';
import { openTestStore } from '../src/testing/test-store.js';
import { withStore as withImportStore } from './fixtures/import-helpers.js';

// Consent enforced in every analysis (docs/privacy.md#consent), on the engine under test
// (TRAILMAP_WAREHOUSE: run once on DuckDB and once with --engines chdb). Hand-made people:
//   a  US, refuses analytics in context.consent.categoryPreferences on a later event
//   b  US, refuses through identify traits.consent.analytics = false
//   c  US, refuses through the API (PUT /v1/people/:id/consent does what setConsent does)
//   d  Germany (context.location.country), no consent signal: EU opt-in, excluded by default
//   e  US, no consent signal: opt-out, included
//   f  France (locale fr-FR), grants with the CMP category "Analytics": included
//   g  refuses while anonymous, then identifies: the refusal follows the merged person
// Each views a product and buys once (revenue 10) after an ad click.

const T = Date.parse('2026-03-02T10:00:00.000Z');
const MIN = 60_000;
let seq = 0;
const msg = (m: Record<string, unknown>, minute: number) => {
  const r = normalizeMessage({ messageId: `m${++seq}`, timestamp: new Date(T + minute * MIN).toISOString(), ...m }, { receivedAt: Date.parse('2026-03-10T00:00:00Z'), source: 'test' });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
};
const US = { locale: 'en-US' };
const journey = (user: Record<string, unknown>, context: Record<string, unknown>, at: number) => [
  msg({ type: 'track', event: 'Ad Clicked', ...user, context }, at),
  msg({ type: 'track', event: 'Product Viewed', ...user, context }, at + 1),
  msg({ type: 'track', event: 'Order Completed', properties: { revenue: 10 }, ...user, context }, at + 2),
];
const consent = (prefs: Record<string, boolean>) => ({ consent: { categoryPreferences: prefs } });

/** Every person's events; `only` keeps those people (the store "as if the others were never there"). */
function fixture(only?: readonly string[]) {
  seq = 0;
  const keep = (p: string) => !only || only.includes(p);
  const out = [];
  if (keep('a')) out.push(...journey({ userId: 'a' }, US, 0), msg({ type: 'track', event: 'Newsletter Read', userId: 'a', context: { ...US, ...consent({ analytics: false, marketing: true }) } }, 30));
  if (keep('b')) out.push(...journey({ userId: 'b' }, US, 1), msg({ type: 'identify', userId: 'b', traits: { consent: { analytics: false } }, context: US }, 31));
  if (keep('c')) out.push(...journey({ userId: 'c' }, US, 2));
  if (keep('d')) out.push(...journey({ userId: 'd' }, { location: { country: 'DE' } }, 3));
  if (keep('e')) out.push(...journey({ userId: 'e' }, US, 4));
  if (keep('f')) out.push(...journey({ userId: 'f' }, { locale: 'fr-FR', ...consent({ Analytics: true }) }, 5));
  if (keep('g')) {
    out.push(msg({ type: 'page', name: 'Home', anonymousId: 'anon-g', context: { ...US, ...consent({ analytics: false }) } }, 6));
    out.push(msg({ type: 'identify', userId: 'g', anonymousId: 'anon-g', traits: { name: 'G' }, context: US }, 7));
    out.push(...journey({ userId: 'g' }, US, 8));
  }
  return out;
}

async function withStore(fn: (s: EventStore) => Promise<void>, project: ProjectConfig = DEFAULT_PROJECT_CONFIG) {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-consent-'));
  const store = await openTestStore(dir, { project });
  try {
    await fn(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const funnel = funnelSchema.parse({ steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }] });
const attribution = attributionRequestSchema.parse({ model: 'last', by: 'event' });
const rfm = rfmDefinitionSchema.parse({});
const AS_OF = T + 10 * 24 * 60 * MIN;

/** What the analyses say: funnel entries and conversions, journey-map events and the product cell's people, attribution conversions, RFM customers, a segment's count. */
async function analyses(db: SqlSession) {
  const f = await runFunnel(db, funnel);
  const map = await runJourneyMap(db, journeyMapDefinitionSchema.parse({}), defaultSentimentScorer);
  const a = await runAttribution(db, attribution);
  const r = await runRfm(db, rfm);
  const seg = await segmentPreview(db, segmentRuleSchema.parse({ performed: { event: 'Order Completed' } }), AS_OF, 10);
  return {
    funnel: f.steps.map((s) => s.count),
    mapEvents: map.totals.events,
    mapProductPeople: map.cells.filter((c) => c.touchpoint === 'Product Viewed').reduce((n, c) => n + c.people, 0),
    attributed: 'conversions' in a ? a.conversions : null,
    rfmCustomers: r.customers,
    segment: seg.count,
    segmentSample: seg.sample,
  };
}
const full = (db: SqlSession) => analyses(db);
/** The answers computed on a store that only ever held these people. */
async function asIfOnly(people: readonly string[]) {
  let out: Awaited<ReturnType<typeof analyses>> | null = null;
  await withStore(async (s) => {
    await s.ingestBatch(fixture(people));
    await s.flush();
    out = await analyses(s.db);
  });
  return out!;
}

describe('consent: a person who refused analytics is absent from every analysis', () => {
  test('refusals by context.consent, identify trait, API and EU default; merged anonymous refusal; granting brings them back with history kept', async () => {
    await withStore(async (store) => {
      await store.ingestBatch(fixture());
      await store.flush();
      // The whole table holds everyone (profiles, people search and access read it).
      const all = await full(store.db);
      assert.deepEqual(all.funnel, [7, 7]);

      // a, b, d (EU default) and g (refused as anon:anon-g, merged into g) are left out; c has not refused yet.
      const scoped = await full(await store.readSession());
      assert.deepEqual(scoped, await asIfOnly(['c', 'e', 'f']));
      assert.deepEqual(scoped.funnel, [3, 3]);
      assert.equal(scoped.attributed, 3);
      assert.equal(scoped.rfmCustomers, 3);

      // c refuses through the API: gone at once.
      const c = await store.setConsent('c', { purposes: { analytics: false }, source: 'api' }, new Date('2026-03-05T00:00:00Z'));
      assert.equal(c!.purposes.analytics!.granted, false);
      assert.equal(c!.purposes.analytics!.source, 'api');
      assert.deepEqual((await full(await store.readSession())), await asIfOnly(['e', 'f']));

      // The effective consent says where each answer came from.
      const a = (await store.consentFor('a'))!;
      assert.deepEqual(a.purposes.analytics, { granted: false, basis: 'explicit', at: '2026-03-02T10:30:00.000Z', source: 'event', messageId: 'm4' });
      assert.equal(a.purposes.marketing!.granted, true);
      assert.deepEqual(a.purposes.personalisation, { granted: true, basis: 'default', at: null, source: null, messageId: null });
      assert.equal(a.country, 'US');
      const b = (await store.consentFor('b'))!;
      assert.equal(b.purposes.analytics!.source, 'identify');
      const d = (await store.consentFor('d'))!;
      assert.deepEqual([d.country, d.region, d.purposes.analytics!.basis, d.purposes.analytics!.granted], ['DE', 'eu', 'default', false]);
      const f = (await store.consentFor('f'))!;
      assert.deepEqual([f.country, f.region, f.purposes.analytics!.granted, f.purposes.analytics!.basis], ['FR', 'eu', true, 'explicit']);
      const g = (await store.consentFor('g'))!;
      assert.equal(g.purposes.analytics!.granted, false, 'the anonymous refusal is the merged person\'s');
      assert.equal(g.history.length, 1);
      assert.equal((await store.consentFor('nobody')), null);

      // The profile carries the same block (besides the raw categories).
      const profile = (await store.profile('a'))!;
      assert.deepEqual(profile.consent.purposes, a.purposes);
      assert.deepEqual(profile.consent.categories, { analytics: false, marketing: true });

      // a grants again by a later event, c and d through the API: present again, history kept.
      seq = 500; // fresh messageIds (asIfOnly's fixtures reset the counter)
      await store.ingestBatch([msg({ type: 'track', event: 'Newsletter Read', userId: 'a', context: { ...US, ...consent({ analytics: true }) } }, 60)]);
      await store.setConsent('c', { purposes: { analytics: true }, source: 'api' }, new Date('2026-03-06T00:00:00Z'));
      await store.setConsent('d', { purposes: { analytics: true }, source: 'import' }, new Date('2026-03-06T00:00:00Z'));
      const back = await full(await store.readSession());
      assert.deepEqual(back.funnel, [5, 5]);
      assert.equal(back.attributed, 5);
      assert.equal(back.rfmCustomers, 5);
      assert.equal(back.segment, 5);
      const a2 = (await store.consentFor('a'))!;
      assert.deepEqual(a2.history.filter((h) => h.purpose === 'analytics').map((h) => h.granted), [false, true]);
      assert.deepEqual((await store.consentFor('c'))!.history.map((h) => [h.granted, h.source]), [[false, 'api'], [true, 'api']]);
      assert.equal((await store.consentFor('d'))!.purposes.analytics!.source, 'import');
      // A repeated choice is not stored again.
      await store.ingestBatch([msg({ type: 'track', event: 'Newsletter Read', userId: 'a', context: { ...US, ...consent({ analytics: true }) } }, 61)]);
      await store.flush();
      assert.equal((await store.consentFor('a'))!.history.filter((h) => h.purpose === 'analytics').length, 2);
    });
  });

  test('nobody refusing: the session is the table itself (no anti-join) and every answer is the same as without the filter', async () => {
    await withStore(async (store) => {
      await store.ingestBatch(fixture(['c', 'e']));
      await store.flush();
      const db = await store.readSession();
      assert.equal(db.dialect.events, 'events');
      assert.deepEqual(await full(db), await full(store.db));
    });
  });

  test('differential: with refusals, the scoped answers equal those of a store that never held the refusers', async () => {
    await withStore(async (store) => {
      await store.ingestBatch(fixture());
      await store.flush();
      const db = await store.readSession();
      assert.notEqual(db.dialect.events, 'events');
      assert.deepEqual(await full(db), await asIfOnly(['c', 'e', 'f']));
    });
  });

  test('defaults by region are project settings: opt-in everywhere leaves out everyone without a grant', async () => {
    const project = projectConfigSchema.parse({ consent: { defaults: { analytics: { other: 'refused' } } } });
    await withStore(async (store) => {
      await store.ingestBatch(fixture());
      await store.flush();
      // Only f granted explicitly.
      assert.deepEqual(await full(await store.readSession()), await asIfOnly(['f']));
    }, project);
  });

  test('mode drop: later events of a person who refused analytics are not stored, and counted', async () => {
    const project = projectConfigSchema.parse({ consent: { analyticsRefused: 'drop' } });
    await withStore(async (store) => {
      seq = 100;
      await store.ingestBatch([...journey({ userId: 'h' }, US, 0), ...journey({ userId: 'e' }, US, 0)]);
      await store.flush();
      await store.ingestBatch([msg({ type: 'track', event: 'Settings Saved', userId: 'h', context: { ...US, ...consent({ analytics: false }) } }, 10)]);
      await store.flush();
      await store.ingestBatch([...journey({ userId: 'h' }, US, 20), ...journey({ userId: 'e' }, US, 20)]);
      await store.flush();
      const n = async (u: string) => Number((await store.db.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE user_id = ${store.db.dialect.param(0)}`, [u]))[0]!.n);
      assert.equal(await n('h'), 3, 'only the events from before the refusal are stored');
      assert.equal(await n('e'), 6);
      assert.equal(await store.consent.droppedEvents(store.db), 4, 'the refusing event and the three after it');
      // The refusal itself is in the history, and the stored events are still left out of analyses.
      assert.equal((await store.consentFor('h'))!.purposes.analytics!.granted, false);
      assert.deepEqual((await runFunnel(await store.readSession(), funnel)).steps.map((s) => s.count), [1, 1]);
    }, project);
  });
});

describe('consent from imported files', () => {
  test('a CSV column traits.consent.analytics and a JSONL categoryPreferences land in the history as source import, and are enforced', async () => {
    await withImportStore(async (store, file) => {
      const csv = file(
        'people.csv',
        [
          'type,event,userId,messageId,timestamp,traits.consent.analytics,context.locale',
          'track,Product Viewed,i1,i1-1,2026-03-02T10:00:00Z,,en-US',
          'track,Product Viewed,i2,i2-1,2026-03-02T10:01:00Z,,en-US',
          'identify,,i1,i1-2,2026-03-02T10:02:00Z,false,en-US',
          'identify,,i2,i2-2,2026-03-02T10:03:00Z,true,en-US',
        ].join('\n'),
      );
      await importFile(store, { path: csv });
      const jsonl = file(
        'more.jsonl',
        [
          { type: 'track', event: 'Product Viewed', userId: 'i3', messageId: 'i3-1', timestamp: '2026-03-02T10:04:00Z', context: { locale: 'en-US', consent: { categoryPreferences: { Analytics: false } } } },
        ].map((m) => JSON.stringify(m)).join('\n'),
      );
      await importFile(store, { path: jsonl });
      const i1 = (await store.consentFor('i1'))!;
      assert.deepEqual(i1.purposes.analytics, { granted: false, basis: 'explicit', at: '2026-03-02T10:02:00.000Z', source: 'import', messageId: 'i1-2' });
      assert.deepEqual((await store.consentFor('i2'))!.purposes.analytics!.source, 'import');
      assert.deepEqual((await store.consentFor('i3'))!.history.map((h) => [h.purpose, h.granted, h.source]), [['analytics', false, 'import']]);
      const seen = await segmentPreview(await store.readSession(), segmentRuleSchema.parse({ performed: { event: 'Product Viewed' } }), AS_OF, 10);
      assert.deepEqual(seen.sample, [(await store.consentFor('i2'))!.personId], 'only i2 is left');
    });
  });
});
