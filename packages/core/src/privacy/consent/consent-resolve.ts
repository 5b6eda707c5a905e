import { z } from 'zod';
import { OTHER_REGION, type ConsentConfig } from './consent-config.schema.js';

/** Where a consent choice came from: an event's `context.consent`, identify traits, the API, a file import, a message's unsubscribe link. */
export const CONSENT_SOURCES = ['event', 'identify', 'api', 'import', 'unsubscribe'] as const;
export const consentSourceSchema = z.enum(CONSENT_SOURCES);
export type ConsentSource = z.infer<typeof consentSourceSchema>;

/** One recorded choice (a row of the warehouse's `consents` history). */
export const consentChoiceSchema = z.object({
  purpose: z.string(),
  granted: z.boolean(),
  at: z.string().meta({ description: 'when the choice was made (the event time, or when the API recorded it), ISO-8601 UTC' }),
  source: consentSourceSchema,
  messageId: z.string().nullable().meta({ description: 'the event that carried it (null for the API)' }),
});
export type ConsentChoice = z.output<typeof consentChoiceSchema>;

export const purposeConsentSchema = z.object({
  granted: z.boolean(),
  basis: z.enum(['explicit', 'default']).meta({ description: 'explicit: the latest choice the person made; default: none made, the project default for their region' }),
  at: z.string().nullable(),
  source: consentSourceSchema.nullable(),
  messageId: z.string().nullable(),
});
export type PurposeConsent = z.output<typeof purposeConsentSchema>;

/** A person's effective consent per purpose and its history: the answer of `GET /v1/people/:id/consent` and the profile's `consent`. */
export const personConsentSchema = z.object({
  personId: z.string(),
  country: z.string().nullable().meta({ description: "the person's latest known country (context.location.country, traits.country or the locale's region)" }),
  region: z.string().meta({ description: 'the configured region the country is in, or "other"' }),
  purposes: z.record(z.string(), purposeConsentSchema),
  history: z.array(consentChoiceSchema).meta({ description: 'every recorded choice, oldest first' }),
});
export type PersonConsent = z.output<typeof personConsentSchema>;

/** The body of `PUT /v1/people/:id/consent`; the purposes are checked against the project's list where it is known. */
export const consentUpdateSchema = z
  .object({
    purposes: z
      .record(z.string().max(40), z.boolean())
      .refine((p) => Object.keys(p).length > 0, { message: 'at least one purpose, such as {"analytics": false}' }),
    source: z.enum(['api', 'import']).default('api').meta({ description: 'api (the default) or import (a consent manager export sent through the API)' }),
  })
  .strict();
/** A choice to record: the API's body, or (source `unsubscribe`) one made with a message's unsubscribe link. */
export type ConsentUpdate = Omit<z.output<typeof consentUpdateSchema>, 'source'> & { source: z.output<typeof consentUpdateSchema>['source'] | 'unsubscribe' };

/** The configured region a country is in (first listing it), `other` for unlisted and unknown countries. */
export function regionOf(country: string | null, config: ConsentConfig): string {
  if (country === null) return OTHER_REGION;
  for (const [region, list] of Object.entries(config.regions)) if (list.includes(country)) return region;
  return OTHER_REGION;
}

/** The region subtag of a BCP 47 locale of the form `ll-RR` / `ll_RR` (`de-DE` → `DE`); null for other forms. */
export function countryOfLocale(locale: string): string | null {
  const m = /^[A-Za-z]{2,3}[-_]([A-Za-z]{2})(?:$|[-_])/.exec(locale);
  return m ? m[1]!.toUpperCase() : null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : null);

/**
 * The country an event tells: `context.location.country`, else `traits.country`, else the region
 * of `context.locale`, in capitals (the SQL at ingest reads the same fields).
 */
export function countryOfEvent(context: Record<string, any> | null | undefined, traits: Record<string, any> | null | undefined): string | null {
  const loc = text(context?.location?.country) ?? text(traits?.country);
  if (loc !== null) return loc.toUpperCase();
  const locale = text(context?.locale);
  return locale === null ? null : countryOfLocale(locale);
}

/** Later first; at the same time a refusal wins (the cautious reading of two contradicting choices). */
const newer = (a: ConsentChoice, b: ConsentChoice): boolean => a.at > b.at || (a.at === b.at && !a.granted && b.granted);

/**
 * Effective consent per purpose: the latest explicit choice by time, else the project default for
 * the person's region. `history` is every choice of the person's identities (any order).
 */
export function resolveConsent(personId: string, history: readonly ConsentChoice[], country: string | null, config: ConsentConfig): PersonConsent {
  const region = regionOf(country, config);
  const latest = new Map<string, ConsentChoice>();
  for (const c of history) {
    const cur = latest.get(c.purpose);
    if (!cur || newer(c, cur)) latest.set(c.purpose, c);
  }
  const purposes: Record<string, PurposeConsent> = {};
  for (const p of config.purposes) {
    const c = latest.get(p);
    purposes[p] = c
      ? { granted: c.granted, basis: 'explicit', at: c.at, source: c.source, messageId: c.messageId }
      : { granted: config.defaults[p]![region] === 'granted', basis: 'default', at: null, source: null, messageId: null };
  }
  const sorted = [...history].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.purpose < b.purpose ? -1 : a.purpose > b.purpose ? 1 : 0));
  return { personId, country, region, purposes, history: sorted };
}

/**
 * The gate: may this person's data be used for `purpose`? False for a purpose the project does not
 * list. Journeys call it (through the server's consentFor) with `marketing` before every send,
 * recommendations with `personalisation`.
 */
export function mayUse(consent: Pick<PersonConsent, 'purposes'>, purpose: string): boolean {
  return consent.purposes[purpose]?.granted === true;
}

/** The purposes a Segment `categoryPreferences` object sets, through the configured category map (unmapped keys are ignored). */
export function purposesOfCategories(prefs: Record<string, unknown>, config: ConsentConfig): Array<{ purpose: string; granted: boolean }> {
  const out: Array<{ purpose: string; granted: boolean }> = [];
  for (const [k, v] of Object.entries(prefs)) {
    const purpose = config.categoryMap[k];
    const b = v === true || v === 'true' ? true : v === false || v === 'false' ? false : null;
    if (purpose !== undefined && b !== null) out.push({ purpose, granted: b });
  }
  return out;
}

/** The purposes identify traits set: `traits.consent.{purpose}` true or false (other purposes' keys are ignored). */
export function purposesOfTraits(traits: Record<string, unknown>, config: ConsentConfig): Array<{ purpose: string; granted: boolean }> {
  const c = traits.consent;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) return [];
  const out: Array<{ purpose: string; granted: boolean }> = [];
  for (const p of config.purposes) {
    const v = (c as Record<string, unknown>)[p];
    const b = v === true || v === 'true' ? true : v === false || v === 'false' ? false : null;
    if (b !== null) out.push({ purpose: p, granted: b });
  }
  return out;
}
