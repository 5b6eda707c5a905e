import { z } from 'zod';
import { identityRulesSchema } from '../identity/identity-rules.js';
import { touchpointRuleSchema } from '../touchpoint/rules.js';
import { isTimeZone } from '../analytics/shared/time-zone.js';
import { currencyCodeSchema } from './currency.js';
import { consentConfigSchema } from '../privacy/consent/consent-config.schema.js';
import { piiPolicySchema } from '../privacy/pii/pii-policy.schema.js';
import { retentionConfigSchema } from '../privacy/retention/retention-config.schema.js';
import { privacyConfigSchema } from '../privacy/requests/privacy-config.schema.js';
import { personalizeConfigSchema } from '../personalize/personalize-config.schema.js';
import { serviceConfigSchema } from '../service/service-config.schema.js';
import { deliveryConfigSchema } from '../journeys/delivery-rules.js';

/** The `trailmap.config.json` (or `.js`/`.mjs`) a project may put beside its data. */
export const projectConfigSchema = z
  .object({
    touchpoints: z
      .object({
        /** Checked before the defaults; the first rule that sets an attribute wins. */
        rules: z.array(touchpointRuleSchema).default([]),
        /** Drop the built-in rules entirely. */
        replaceDefaults: z.boolean().default(false),
      })
      .strict()
      .default({ rules: [], replaceDefaults: false }),
    identity: identityRulesSchema.default(identityRulesSchema.parse({})),
    /**
     * The IANA time zone relative ranges ("last 30 days", "this month") and dates without an
     * offset are read in, and the web app shows times in (docs/analytics/README.md#time-ranges).
     */
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, { message: 'expected an IANA time zone name such as "UTC", "Europe/Berlin" or "America/New_York"' })
      .default('UTC'),
    /** The ISO 4217 code money (revenue, conversion value) is shown in by the web app and the report; default USD. */
    currency: currencyCodeSchema.default('USD'),
    /** Consent per purpose: purposes, the CMP category map, regions and their defaults, the mode for refused analytics (docs/privacy.md#consent). */
    consent: consentConfigSchema.prefault({}),
    /** What ingest does with personal data per key path and kind: keep, mask, hash, drop (docs/privacy.md#pii-detection-and-masking). */
    pii: piiPolicySchema.prefault({}),
    /** Delete events (per event name / source), quarantine rows and audit lines after N days (docs/privacy.md#retention). */
    retention: retentionConfigSchema.prefault({}),
    /** Data-subject requests: the deadline per regime (docs/privacy.md#data-subject-requests). */
    privacy: privacyConfigSchema.prefault({}),
    /** Placements, offers, content and the item catalogue of the personalisation API (docs/personalize.md). */
    personalize: personalizeConfigSchema.prefault({}),
    /** Proactive service: triggers, thresholds, SLAs per priority, routing to owners (docs/service.md). */
    service: serviceConfigSchema.prefault({}),
    /** Journeys' delivery rules: quiet hours, the daily cap on marketing messages, retries (docs/journeys.md#delivery-rules). */
    journeys: deliveryConfigSchema.prefault({}),
  })
  .strict();

export type ProjectConfig = z.infer<typeof projectConfigSchema>;
export const DEFAULT_PROJECT_CONFIG: ProjectConfig = projectConfigSchema.parse({});
