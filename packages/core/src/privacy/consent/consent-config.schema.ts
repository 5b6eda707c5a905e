import { z } from 'zod';

/** The purposes a person consents to (or refuses) one by one; `analytics` is the one analyses enforce. */
export const DEFAULT_PURPOSES = ['analytics', 'personalisation', 'marketing'] as const;

/** EU member states and the other EEA countries (Iceland, Liechtenstein, Norway), ISO 3166-1 alpha-2. */
export const EU_EEA_COUNTRIES = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
] as const;

/**
 * Segment's `context.consent.categoryPreferences` keys a consent manager sends, and the purpose
 * each one sets. Every purpose's own name maps to itself besides these (see `purposeOfCategory`).
 */
export const DEFAULT_CATEGORY_MAP: Readonly<Record<string, string>> = {
  Analytics: 'analytics',
  Performance: 'analytics',
  Statistics: 'analytics',
  Advertising: 'marketing',
  Marketing: 'marketing',
  Targeting: 'marketing',
  Personalization: 'personalisation',
  personalization: 'personalisation',
  Personalisation: 'personalisation',
  Functional: 'personalisation',
};

/** The region a person's country falls in when no configured region lists it (and when their country is unknown). */
export const OTHER_REGION = 'other';

export const consentDecisionSchema = z.enum(['granted', 'refused']);
export type ConsentDecision = z.infer<typeof consentDecisionSchema>;

const purposeName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a purpose name: lowercase letters, digits and _ (at most 40), starting with a letter');
const regionName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a region name: lowercase letters, digits and _ (at most 40), starting with a letter');
const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code in capitals, such as "DE"');

/** The built-in default: opt-in (refused until chosen) in the EU/EEA, opt-out (granted until refused) elsewhere. */
const builtInDefaults = (purposes: readonly string[]) =>
  Object.fromEntries(purposes.map((p) => [p, { eu: "refused", [OTHER_REGION]: "granted" } as Record<string, ConsentDecision>]));

/**
 * The project's consent settings (`consent` in trailmap.config.json; docs/privacy.md#consent).
 * `analyticsRefused`: `exclude` keeps the events of a person who refused analytics but leaves them
 * out of every analysis; `drop` does not store their events from then on (they are counted).
 */
export const consentConfigSchema = z
  .object({
    purposes: z.array(purposeName).min(1).max(20).default([...DEFAULT_PURPOSES]),
    /** Omitted: DEFAULT_CATEGORY_MAP's entries for the listed purposes. */
    categoryMap: z.record(z.string().min(1).max(100), purposeName).optional(),
    regions: z.record(regionName, z.array(country).max(300)).default({ eu: [...EU_EEA_COUNTRIES] }),
    defaults: z.record(purposeName, z.record(regionName, consentDecisionSchema)).optional(),
    analyticsRefused: z.enum(['exclude', 'drop']).default('exclude'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!c.purposes.includes('analytics')) ctx.addIssue({ code: 'custom', path: ['purposes'], message: 'the purposes must include "analytics" (analyses are gated by it)' });
    if (new Set(c.purposes).size !== c.purposes.length) ctx.addIssue({ code: 'custom', path: ['purposes'], message: 'a purpose is named twice' });
    for (const [k, p] of Object.entries(c.categoryMap ?? {})) {
      if (!c.purposes.includes(p)) ctx.addIssue({ code: 'custom', path: ['categoryMap', k], message: `"${p}" is not one of the purposes (${c.purposes.join(', ')})` });
    }
    if (OTHER_REGION in c.regions) ctx.addIssue({ code: 'custom', path: ['regions', OTHER_REGION], message: `"${OTHER_REGION}" is every country no region lists; it cannot be listed` });
    const seen = new Map<string, string>();
    for (const [r, list] of Object.entries(c.regions)) {
      for (const k of list) {
        const before = seen.get(k);
        if (before !== undefined && before !== r) ctx.addIssue({ code: 'custom', path: ['regions', r], message: `${k} is already in region "${before}"` });
        seen.set(k, r);
      }
    }
    for (const [p, byRegion] of Object.entries(c.defaults ?? {})) {
      if (!c.purposes.includes(p)) ctx.addIssue({ code: 'custom', path: ['defaults', p], message: `"${p}" is not one of the purposes (${c.purposes.join(', ')})` });
      for (const r of Object.keys(byRegion)) {
        if (r !== OTHER_REGION && !(r in c.regions)) ctx.addIssue({ code: 'custom', path: ['defaults', p, r], message: `"${r}" is not a region (${[...Object.keys(c.regions), OTHER_REGION].join(', ')})` });
      }
    }
  })
  .transform((c) => {
    // Every purpose gets a default in every region: the configured one, else the built-in rule (eu: refused; any other region: granted).
    const built = builtInDefaults(c.purposes);
    const regions = [...Object.keys(c.regions), OTHER_REGION];
    const defaults: Record<string, Record<string, ConsentDecision>> = {};
    for (const p of c.purposes) {
      const mine = c.defaults?.[p] ?? {};
      defaults[p] = Object.fromEntries(
        regions.map((r) => [r, mine[r] ?? built[p]![r] ?? built[p]![OTHER_REGION]!]),
      );
    }
    const categoryMap: Record<string, string> = c.categoryMap ? { ...c.categoryMap } : Object.fromEntries(Object.entries(DEFAULT_CATEGORY_MAP).filter(([, p]) => c.purposes.includes(p)));
    for (const p of c.purposes) categoryMap[p] ??= p;
    return { ...c, categoryMap, defaults };
  });

export type ConsentConfigInput = z.input<typeof consentConfigSchema>;
export type ConsentConfig = z.output<typeof consentConfigSchema>;
export const DEFAULT_CONSENT_CONFIG: ConsentConfig = consentConfigSchema.parse({});
