import {
  EMAIL_DOMAINS, EN_FIRST, EN_LAST, STORES, US_CITIES, ZH_ABROAD_CITIES, ZH_GIVEN, ZH_SURNAMES, ZH_US_CITIES,
  type City, type Store,
} from './catalogue.js';
import { CONSENT_RATES, ZH_SHARE } from './planted-effects.js';
import { PERSONAS, PERSONA_WEIGHTS, type Persona } from './personas.js';
import type { Rng } from './prng.js';

/** A person of the demo business, their devices, and identity/consent state over time. */
export type DeviceKind = 'desktop' | 'mobile_web' | 'app';

export interface Device {
  anonymousId: string;
  kind: DeviceKind;
  /** Static SDK context: device, os, library, app, userAgent. */
  base: Readonly<Record<string, unknown>>;
  /** From this time the SDK sends the userId too (after identify or login); Infinity until then. */
  boundAt: number;
  /** The first session on this device has shown the consent banner. */
  bannerShown: boolean;
}

export interface ConsentPrefs {
  analytics: boolean;
  personalisation: boolean;
  marketing: boolean;
}

export interface Person {
  index: number;
  userId: string;
  persona: Persona;
  lang: 'en' | 'zh';
  city: City;
  homeStore: Store | undefined;
  email: string;
  phone: string | undefined;
  desktop: Device | undefined;
  mobileWeb: Device | undefined;
  app: Device | undefined;
  /** When the business first learnt who this is (identify); Infinity while anonymous. */
  knownAt: number;
  /** Consent history, oldest first; messages carry the entry in force at their time. */
  consent: { from: number; prefs: ConsentPrefs; ctx: Readonly<Record<string, unknown>> }[];
  traits: Record<string, unknown>;
}

const UA = {
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  win: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  ios: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  android: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
};
const WEB_LIB = Object.freeze({ name: 'analytics.js', version: '5.2.1' });

function makeDevice(rng: Rng, kind: DeviceKind): Device {
  const ios = rng.chance(0.55);
  let base: Record<string, unknown>;
  if (kind === 'desktop') {
    const mac = rng.chance(0.45);
    base = { device: { type: 'desktop' }, os: { name: mac ? 'Mac OS' : 'Windows', version: mac ? '14.4' : '11' }, library: WEB_LIB, userAgent: mac ? UA.mac : UA.win };
  } else if (kind === 'mobile_web') {
    base = { device: { type: 'mobile' }, os: { name: ios ? 'iOS' : 'Android', version: ios ? '17.4' : '14' }, library: WEB_LIB, userAgent: ios ? UA.ios : UA.android };
  } else {
    base = {
      app: { name: 'Northwind', version: '4.12.0', build: '4120', namespace: 'com.northwind.outfitters' },
      device: ios ? { type: 'ios', manufacturer: 'Apple', model: 'iPhone15,2' } : { type: 'android', manufacturer: 'Google', model: 'Pixel 8' },
      os: { name: ios ? 'iOS' : 'Android', version: ios ? '17.4' : '14' },
      library: { name: ios ? 'analytics-ios' : 'analytics-android', version: '4.1.8' },
    };
  }
  for (const v of Object.values(base)) Object.freeze(v);
  return { anonymousId: rng.uuid(), kind, base: Object.freeze(base), boundAt: Infinity, bannerShown: false };
}

/** Consent context object as Segment's consent management sends it. */
export function consentContext(prefs: ConsentPrefs): Readonly<Record<string, unknown>> {
  return Object.freeze({ categoryPreferences: Object.freeze({ ...prefs }) });
}

/** Consent in force at time `ts`. */
export function consentAt(p: Person, ts: number): { prefs: ConsentPrefs; ctx: Readonly<Record<string, unknown>> } {
  let cur = p.consent[0]!;
  for (const c of p.consent) if (c.from <= ts) cur = c;
  return cur;
}

const SHARED_DEVICE_RATE = 0.01;

/** Draw a new person; `previous` lends its desktop for the rare shared-device household. */
export function createPerson(rng: Rng, seed: number, index: number, t0: number, previous: Person | undefined): Person {
  let persona: Persona = PERSONAS[rng.weighted(PERSONA_WEIGHTS)];
  const zh = rng.chance(ZH_SHARE);
  let city: City;
  if (zh && rng.chance(0.45)) {
    city = rng.weighted(ZH_ABROAD_CITIES);
    if (persona.name === 'store_first') persona = PERSONAS[rng.chance(0.5) ? 'researcher' : 'mobile_impulse'];
  } else {
    const pool = zh ? ZH_US_CITIES : US_CITIES;
    city = rng.weighted(pool);
    while (persona.name === 'store_first' && city.stores.length === 0) city = rng.weighted(pool);
  }
  const storeId = city.stores.length ? rng.pick(city.stores) : undefined;
  const homeStore = STORES.find((s) => s.store_id === storeId);

  let firstName: string, lastName: string, name: string, local: string;
  if (zh) {
    const [sh, sp] = rng.pick(ZH_SURNAMES);
    const [gh, gp] = rng.pick(ZH_GIVEN);
    firstName = gh; lastName = sh; name = sh + gh; local = `${gp}.${sp}`;
  } else {
    firstName = rng.pick(EN_FIRST); lastName = rng.pick(EN_LAST); name = `${firstName} ${lastName}`;
    local = `${firstName}.${lastName}`.toLowerCase();
  }
  const email = `${local}${index}@${rng.pick(EMAIL_DOMAINS)}`;
  const prefs: ConsentPrefs = {
    analytics: rng.chance(CONSENT_RATES.analytics),
    personalisation: rng.chance(CONSENT_RATES.personalisation),
    marketing: rng.chance(CONSENT_RATES.marketing),
  };
  const phone = prefs.marketing && rng.chance(persona.smsOptIn) ? `+1-555-01${String(index % 100).padStart(2, '0')}` : undefined;

  let desktop: Device | undefined, mobileWeb: Device | undefined;
  if (rng.chance(persona.twoBrowsers)) {
    desktop = makeDevice(rng, 'desktop');
    mobileWeb = makeDevice(rng, 'mobile_web');
  } else if (rng.chance(persona.mobileWebShare)) mobileWeb = makeDevice(rng, 'mobile_web');
  else desktop = makeDevice(rng, 'desktop');
  const app = rng.chance(persona.appAdoption) ? makeDevice(rng, 'app') : undefined;
  if (previous?.desktop && desktop && rng.chance(SHARED_DEVICE_RATE)) {
    desktop = { ...previous.desktop, boundAt: Infinity, bannerShown: true };
  }

  const locale = zh ? 'zh-CN' : 'en-US';
  const traits: Record<string, unknown> = {
    email, name, firstName, lastName, ...(phone ? { phone } : {}),
    city: city.city, country: city.country, timezone: city.timezone, locale, persona: persona.name,
  };
  return {
    index, userId: `nw-${seed}-${index}`, persona, lang: zh ? 'zh' : 'en', city, homeStore, email, phone,
    desktop, mobileWeb, app, knownAt: Infinity, consent: [{ from: t0, prefs, ctx: consentContext(prefs) }], traits,
  };
}

/** A browser for a web session: the phone with the persona's mobile share when both exist. */
export function webDevice(rng: Rng, p: Person): Device {
  if (p.desktop && p.mobileWeb) return rng.chance(p.persona.mobileWebShare) ? p.mobileWeb : p.desktop;
  return (p.desktop ?? p.mobileWeb)!;
}
