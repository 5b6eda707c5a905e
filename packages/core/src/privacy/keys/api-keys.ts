import { z } from 'zod';

/**
 * What a key may do. `collect`: send events (the Segment routes, file imports); `read`: queries,
 * profiles and the app's saved things; `admin`: keys and the audit log; `privacy`: data-subject
 * requests, suppressions and consent. A key does exactly what its scopes allow, no more.
 */
export const API_SCOPES = ['collect', 'read', 'admin', 'privacy'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const apiScopeSchema = z.enum(API_SCOPES);

/** A key as the API lists it: never its secret (stored only as a hash). */
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('the secret\'s first characters, to tell keys apart'),
  scopes: z.array(apiScopeSchema),
  source: z.string().nullable().describe('events collected with this key are stamped with this source (null: "http")'),
  allowedOrigins: z.array(z.string()).nullable().describe('browser origins collection with this key is accepted from (null: any)'),
  createdAt: z.string(),
  expiresAt: z.string().nullable().describe('until when the secret before the last rotation still works'),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable().describe('last use, recorded at most a minute late'),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyListSchema = z.object({ keys: z.array(apiKeySchema) });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

const origin = z.string().max(300).refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
  } catch {
    return false;
  }
}, 'an origin such as https://shop.example (scheme, host and port only)');

export const apiKeyCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(apiScopeSchema).min(1).max(API_SCOPES.length).refine((s) => new Set(s).size === s.length, 'each scope once'),
    source: z.string().trim().min(1).max(100).regex(/^[\w.:-]+$/, 'letters, digits, _ . : - only').optional(),
    allowedOrigins: z.array(origin).min(1).max(50).optional(),
  })
  .strict();
export type ApiKeyCreate = z.infer<typeof apiKeyCreateSchema>;

/** Hours the old secret keeps working after a rotation (0: at once no longer). */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;
export const apiKeyRotateSchema = z.object({ graceHours: z.number().min(0).max(720).default(DEFAULT_ROTATION_GRACE_HOURS) }).strict();
export type ApiKeyRotate = z.infer<typeof apiKeyRotateSchema>;

/** A new secret: shown in this answer only, never again. */
export const apiKeySecretSchema = z.object({ key: apiKeySchema, secret: z.string() });
export type ApiKeySecret = z.infer<typeof apiKeySecretSchema>;

export const adminSignInSchema = z.object({ name: z.string().trim().min(1).max(100), password: z.string().min(1).max(1000) }).strict();
export type AdminSignIn = z.infer<typeof adminSignInSchema>;

/** What the web app's session may do: `admin` is the signed-in admin's name (null for a read-only session). */
export const webSessionInfoSchema = z.object({ scopes: z.array(apiScopeSchema), admin: z.string().nullable() });
export type WebSessionInfo = z.infer<typeof webSessionInfoSchema>;
