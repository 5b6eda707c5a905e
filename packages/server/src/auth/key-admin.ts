import type { ApiKey, ApiKeyCreate, ApiKeySecret, ApiScope } from '@trailmap/core';
import { apiKeySchema } from '@trailmap/core';
import { createApiKey, getApiKey, listApiKeys, recordAudit, revokeApiKey, rotateApiKey, type StateStore, type StoredApiKey } from '@trailmap/state';
import { hashKeySecret, keyPrefix, newKeyId, newKeySecret } from './key-secret.js';

/** Who asks, for the audit log: `admin:<name>`, `key:<id>`, `cli`; and from where (the request's IP). */
export interface KeyActor {
  actor: string;
  origin?: string | null;
}

/** Why a key operation did nothing. */
export type KeyRefusal = { refused: 'not_found' | 'revoked'; message: string };

const answer = (k: StoredApiKey): ApiKey => apiKeySchema.parse(k);

/** Every key (revoked ones too), oldest first; never a secret. */
export async function listKeys(state: StateStore): Promise<ApiKey[]> {
  return (await listApiKeys(state)).map(answer);
}

/** A new key; its secret is in this answer only (stored as a hash). Recorded as `key.create`. */
export async function createKey(state: StateStore, input: ApiKeyCreate, by: KeyActor): Promise<ApiKeySecret> {
  const secret = newKeySecret(input.scopes);
  const key = await state.transaction(async (tx) => {
    const k = await createApiKey(tx, { id: newKeyId(), name: input.name, prefix: keyPrefix(secret), hash: hashKeySecret(secret), scopes: input.scopes, source: input.source ?? null, allowedOrigins: input.allowedOrigins ?? null });
    await recordAudit(tx, { actor: by.actor, action: 'key.create', target: `key:${k.id}`, origin: by.origin ?? null, detail: { name: k.name, scopes: k.scopes, source: k.source, allowedOrigins: k.allowedOrigins } });
    return k;
  });
  return { key: answer(key), secret };
}

/**
 * A new secret for key `id`; the old one keeps working for `graceHours` (0: stops at once).
 * Recorded as `key.rotate`.
 */
export async function rotateKey(state: StateStore, id: string, graceHours: number, now: number, by: KeyActor): Promise<ApiKeySecret | KeyRefusal> {
  return state.transaction(async (tx) => {
    const before = await getApiKey(tx, id);
    if (!before) return { refused: 'not_found' as const, message: `no key ${id}` };
    if (before.revokedAt) return { refused: 'revoked' as const, message: `key ${id} was revoked at ${before.revokedAt}; create a new one` };
    const graceUntil = graceHours > 0 ? new Date(now + graceHours * 3_600_000) : null;
    const fresh = newKeySecret(before.scopes as ApiScope[]);
    const k = await rotateApiKey(tx, id, { hash: hashKeySecret(fresh), prefix: keyPrefix(fresh), graceUntil });
    if (!k) return { refused: 'revoked' as const, message: `key ${id} was revoked` };
    await recordAudit(tx, { actor: by.actor, action: 'key.rotate', target: `key:${id}`, origin: by.origin ?? null, detail: { graceHours, oldSecretUntil: k.expiresAt } });
    return { key: answer(k), secret: fresh };
  });
}

/** Revoke key `id` (both its secrets, at once). Recorded as `key.revoke`. */
export async function revokeKey(state: StateStore, id: string, now: number, by: KeyActor): Promise<ApiKey | KeyRefusal> {
  return state.transaction(async (tx) => {
    const k = await revokeApiKey(tx, id, new Date(now));
    if (!k) return { refused: 'not_found' as const, message: `no key ${id}` };
    await recordAudit(tx, { actor: by.actor, action: 'key.revoke', target: `key:${id}`, origin: by.origin ?? null });
    return answer(k);
  });
}

export const isRefusal = (r: object): r is KeyRefusal => 'refused' in r;
