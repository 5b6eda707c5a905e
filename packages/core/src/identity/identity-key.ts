import { createHash } from 'node:crypto';

/** Identities are namespaced so a userId and an anonymousId with the same text stay distinct. */
export type IdentityKind = 'user' | 'anon';
export const userKey = (id: string) => `user:${id}`;
export const anonKey = (id: string) => `anon:${id}`;
export const kindOf = (key: string): IdentityKind => (key.startsWith('user:') ? 'user' : 'anon');
export const valueOf = (key: string) => key.slice(key.indexOf(':') + 1);

/** A person's id is derived from the first identity seen for them, so rebuilds give the same ids. */
export const personIdFor = (firstIdentity: string) =>
  'p_' + createHash('sha256').update(firstIdentity).digest('hex').slice(0, 20);
