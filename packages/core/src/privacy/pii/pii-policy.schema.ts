import { z } from 'zod';
import { PII_KINDS, piiKindSchema, type PiiKind } from './pii-kind.js';

/** What ingest does with a value: keep it, mask it (a recognisable shape), hash it (HMAC-SHA256 with the project salt), drop the key. */
export const PII_ACTIONS = ['keep', 'mask', 'hash', 'drop'] as const;
export type PiiAction = (typeof PII_ACTIONS)[number];
export const piiActionSchema = z.enum(PII_ACTIONS);

/** A key path: `traits.email`, `properties.billing.card`, `properties.items[].email`; `*` stands for one key. */
const keyPath = z
  .string()
  .max(256)
  .regex(/^(?:properties|traits|context)(?:\.[^.\s[\]]+(?:\[\])*)+$/, {
    message: 'expected a key path under properties, traits or context, such as "traits.email" or "properties.items[].card"',
  });

/**
 * One rule of the policy. With `path`, the rule applies to every value at that path, flagged or
 * not (a `kind` beside it narrows it to values of that kind); without `path`, to every value of
 * `kind` wherever it is. Rules are read in order; the first that applies decides.
 */
export const piiRuleSchema = z
  .object({ path: keyPath.optional(), kind: piiKindSchema.optional(), action: piiActionSchema })
  .strict()
  .refine((r) => r.path !== undefined || r.kind !== undefined, { message: 'a rule needs a path, a kind or both' });
export type PiiRule = z.infer<typeof piiRuleSchema>;

/** The built-in action per kind, after the project's rules: cards and resident IDs are never stored in clear. */
export const DEFAULT_PII_ACTIONS: Readonly<Record<PiiKind, PiiAction>> = {
  email: 'keep',
  phone: 'keep',
  card: 'mask',
  cn_id: 'mask',
  iban: 'keep',
  ip: 'keep',
  name: 'keep',
};

/** `pii` in trailmap.config.json (docs/privacy.md#pii-detection-and-masking). */
export const piiPolicySchema = z
  .object({
    /** Checked in order before the defaults. */
    rules: z.array(piiRuleSchema).max(500).default([]),
    /** Replace built-in actions per kind (`{ "email": "hash" }`); unnamed kinds keep theirs. */
    defaults: z.partialRecord(piiKindSchema, piiActionSchema).default({}),
  })
  .strict();
export type PiiPolicy = z.infer<typeof piiPolicySchema>;
export const DEFAULT_PII_POLICY: PiiPolicy = piiPolicySchema.parse({});

/** The action for every kind once the policy's `defaults` are laid over the built-in ones. */
export function kindActions(policy: PiiPolicy): Record<PiiKind, PiiAction> {
  return Object.fromEntries(PII_KINDS.map((k) => [k, policy.defaults[k] ?? DEFAULT_PII_ACTIONS[k]])) as Record<PiiKind, PiiAction>;
}
