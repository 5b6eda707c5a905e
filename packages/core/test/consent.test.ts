import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  consentConfigSchema,
  countryOfEvent,
  countryOfLocale,
  DEFAULT_CONSENT_CONFIG,
  mayUse,
  purposesOfCategories,
  purposesOfTraits,
  regionOf,
  resolveConsent,
  type ConsentChoice,
} from '../src/privacy/consent/index.js';
import { projectConfigSchema } from '../src/config/project-config.schema.js';

const c = (purpose: string, granted: boolean, at: string, source: ConsentChoice['source'] = 'event'): ConsentChoice => ({ purpose, granted, at, source, messageId: source === 'api' ? null : `m-${at}` });

test('defaults: three purposes, EU/EEA opt-in, elsewhere opt-out, exclude mode; every purpose maps from its own name', () => {
  const k = DEFAULT_CONSENT_CONFIG;
  assert.deepEqual(k.purposes, ['analytics', 'personalisation', 'marketing']);
  assert.equal(k.analyticsRefused, 'exclude');
  assert.deepEqual(k.defaults.analytics, { eu: 'refused', other: 'granted' });
  assert.equal(k.categoryMap.analytics, 'analytics');
  assert.equal(k.categoryMap.Advertising, 'marketing');
  assert.equal(k.categoryMap.Functional, 'personalisation');
  assert.equal(regionOf('DE', k), 'eu');
  assert.equal(regionOf('NO', k), 'eu');
  assert.equal(regionOf('US', k), 'other');
  assert.equal(regionOf(null, k), 'other');
  assert.deepEqual(projectConfigSchema.parse({}).consent, k);
});

test('config: per purpose and region defaults, custom regions; bad settings name the field', () => {
  const k = consentConfigSchema.parse({
    purposes: ['analytics', 'marketing', 'sms'],
    regions: { eu: ['DE', 'FR'], ca: ['CA'] },
    defaults: { marketing: { other: 'refused' }, analytics: { ca: 'refused' } },
    analyticsRefused: 'drop',
  });
  assert.deepEqual(k.defaults.marketing, { eu: 'refused', ca: 'granted', other: 'refused' });
  assert.deepEqual(k.defaults.analytics, { eu: 'refused', ca: 'refused', other: 'granted' });
  assert.deepEqual(k.defaults.sms, { eu: 'refused', ca: 'granted', other: 'granted' });
  assert.equal(k.categoryMap.sms, 'sms');
  const bad = (input: unknown) => {
    const r = consentConfigSchema.safeParse(input);
    assert.equal(r.success, false);
    return r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };
  assert.match(bad({ purposes: ['marketing'] }), /^purposes: .*analytics/);
  assert.match(bad({ categoryMap: { Ads: 'ads' } }), /^categoryMap\.Ads: "ads" is not one of the purposes/);
  assert.match(bad({ defaults: { analytics: { mars: 'granted' } } }), /^defaults\.analytics\.mars: "mars" is not a region/);
  assert.match(bad({ defaults: { analytics: { eu: 'maybe' } } }), /^defaults\.analytics\.eu/);
  assert.match(bad({ regions: { eu: ['de'] } }), /^regions\.eu\.0: an ISO 3166-1/);
  assert.match(bad({ regions: { a: ['DE'], b: ['DE'] } }), /^regions\.b: DE is already in region "a"/);
  assert.match(bad({ analyticsRefused: 'ignore' }), /^analyticsRefused/);
  assert.match(bad({ purposes: ['analytics', 'Bad Name'] }), /^purposes\.1/);
});

test('resolution: the latest explicit choice by time wins, whatever the order it arrived in; a tie is a refusal', () => {
  const k = DEFAULT_CONSENT_CONFIG;
  const history = [c('analytics', true, '2026-01-03T00:00:00.000Z'), c('analytics', false, '2026-01-01T00:00:00.000Z'), c('marketing', false, '2026-01-02T00:00:00.000Z', 'identify')];
  const r = resolveConsent('p1', history, 'DE', k);
  assert.deepEqual(r.purposes.analytics, { granted: true, basis: 'explicit', at: '2026-01-03T00:00:00.000Z', source: 'event', messageId: 'm-2026-01-03T00:00:00.000Z' });
  assert.deepEqual(r.purposes.marketing, { granted: false, basis: 'explicit', at: '2026-01-02T00:00:00.000Z', source: 'identify', messageId: 'm-2026-01-02T00:00:00.000Z' });
  assert.deepEqual(r.purposes.personalisation, { granted: false, basis: 'default', at: null, source: null, messageId: null });
  assert.equal(r.region, 'eu');
  assert.deepEqual(r.history.map((h) => h.at), ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z']);
  const tie = resolveConsent('p1', [c('analytics', true, '2026-01-01T00:00:00.000Z'), c('analytics', false, '2026-01-01T00:00:00.000Z', 'api')], null, k);
  assert.equal(tie.purposes.analytics!.granted, false);
  assert.equal(tie.purposes.analytics!.source, 'api');
});

test('unknown consent: refused in the EU by default, granted elsewhere and where the country is unknown', () => {
  const k = DEFAULT_CONSENT_CONFIG;
  assert.equal(mayUse(resolveConsent('p', [], 'FR', k), 'analytics'), false);
  assert.equal(mayUse(resolveConsent('p', [], 'US', k), 'analytics'), true);
  assert.equal(mayUse(resolveConsent('p', [], null, k), 'marketing'), true);
  // An explicit choice beats the default both ways.
  assert.equal(mayUse(resolveConsent('p', [c('analytics', true, '2026-01-01T00:00:00.000Z')], 'FR', k), 'analytics'), true);
  assert.equal(mayUse(resolveConsent('p', [c('marketing', false, '2026-01-01T00:00:00.000Z')], 'US', k), 'marketing'), false);
  // A purpose the project does not list is never allowed.
  assert.equal(mayUse(resolveConsent('p', [], 'US', k), 'telepathy'), false);
});

test('signals: Segment categoryPreferences through the category map, identify traits.consent.{purpose}, country from location, traits or locale', () => {
  const k = DEFAULT_CONSENT_CONFIG;
  assert.deepEqual(purposesOfCategories({ Analytics: false, Advertising: true, Functional: 'true', Unknown: false, analytics: 7 }, k), [
    { purpose: 'analytics', granted: false },
    { purpose: 'marketing', granted: true },
    { purpose: 'personalisation', granted: true },
  ]);
  assert.deepEqual(purposesOfTraits({ consent: { analytics: false, marketing: true, other: false } }, k), [
    { purpose: 'analytics', granted: false },
    { purpose: 'marketing', granted: true },
  ]);
  assert.deepEqual(purposesOfTraits({ consent: 'yes' }, k), []);
  assert.equal(countryOfLocale('de-DE'), 'DE');
  assert.equal(countryOfLocale('fr_fr'), 'FR');
  assert.equal(countryOfLocale('zh-CN'), 'CN');
  assert.equal(countryOfLocale('zh-Hans-CN'), null);
  assert.equal(countryOfLocale('en'), null);
  assert.equal(countryOfEvent({ location: { country: 'de' }, locale: 'en-US' }, { country: 'US' }), 'DE');
  assert.equal(countryOfEvent({ locale: 'en-US' }, { country: 'fr' }), 'FR');
  assert.equal(countryOfEvent({ locale: 'it-IT' }, {}), 'IT');
  assert.equal(countryOfEvent({}, null), null);
});
