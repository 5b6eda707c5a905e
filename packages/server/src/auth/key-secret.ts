import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiScope } from '@trailmap/core';

/** A new key secret: `tm_<first scope>_` and 24 random bytes (192 bits), so a plain SHA-256 is a safe hash for it. */
export const newKeySecret = (scopes: readonly ApiScope[]) => `tm_${scopes[0] === 'collect' ? 'write' : scopes[0]}_${randomBytes(24).toString('base64url')}`;

/** What is stored of a secret: its SHA-256 (hex). The secrets are random, not chosen by people: no salt or stretching is needed. */
export const hashKeySecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** The characters shown in lists to tell keys apart (never enough to use one). */
export const keyPrefix = (secret: string) => secret.slice(0, 12);

export const newKeyId = () => `key_${randomBytes(8).toString('hex')}`;

/** Compare two strings in constant time (for their length). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
