import { z } from 'zod';

/**
 * Limits that keep a bad id from collapsing many people into one.
 * identify and ordinary events never merge two people who each have a userId; only an explicit
 * alias may, and only while the merged person holds at most `maxUserIds` userIds.
 */
export const identityRulesSchema = z
  .object({
    maxUserIds: z.number().int().min(1).max(100).default(3),
    maxAnonymousIds: z.number().int().min(1).max(1_000_000).default(1000),
    /** Ids that are placeholders, never real people (compared case-insensitively). */
    blockedIds: z
      .array(z.string())
      .default(['anonymous', 'null', 'undefined', 'none', 'nil', 'guest', '0', '-1', 'unknown', 'n/a', '[object object]', 'true', 'false']),
  })
  .strict();

export type IdentityRules = z.infer<typeof identityRulesSchema>;
export const DEFAULT_IDENTITY_RULES: IdentityRules = identityRulesSchema.parse({});
