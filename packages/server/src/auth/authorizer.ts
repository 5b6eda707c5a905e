import { randomBytes } from 'node:crypto';
import type { ApiScope } from '@trailmap/core';
import { API_SCOPES } from '@trailmap/core';
import { apiKeyHashKnown, apiKeysRevision, createApiKey, findApiKeyByHash, getApiKey, type StateStore, type StoredApiKey } from '@trailmap/state';
import { hashKeySecret, keyPrefix, newKeyId, sameSecret } from './key-secret.js';
import type { ApiKeys } from './keys.js';
import { KeyUsage } from './key-usage.js';

/** Who a request acts as, once its key or session is checked. */
export interface Principal {
  /** As the audit log names it: `key:<id>`, `admin:<name>`, `web-session`, `internal`. */
  actor: string;
  keyId: string | null;
  scopes: readonly ApiScope[];
  /** Collection with this key is stamped with this source (null: "http"). */
  source: string | null;
  /** Browser origins collection with this key is accepted from (null: any). */
  origins: readonly string[] | null;
  /** The signed-in admin's name (admin sessions only). */
  admin: string | null;
}

export type KeyCheck = { ok: true; principal: Principal } | { ok: false; code: 'invalid_key' | 'key_revoked' | 'key_expired'; message: string };

type Found = { key: StoredApiKey; matched: 'current' | 'previous'; storedHash: string };

const MAX_CACHED = 10_000;
const asScopes = (s: readonly string[]) => s.filter((x): x is ApiScope => (API_SCOPES as readonly string[]).includes(x));

export const keyPrincipal = (k: StoredApiKey): Principal => ({ actor: `key:${k.id}`, keyId: k.id, scopes: asScopes(k.scopes), source: k.source, origins: k.allowedOrigins, admin: null });

/**
 * Resolves key secrets to principals over the state store's hashed keys. Found keys are cached in
 * the process, but every check first reads the store's key revision (one small query, shared by
 * the requests arriving while it runs) and drops the cache when it moved: a revocation or a
 * rotation, by this process or another on the same PostgreSQL, counts from the next request on.
 */
export class Authorizer {
  private readonly byHash = new Map<string, Found | null>();
  private readonly byId = new Map<string, StoredApiKey | null>();
  private revision = -1;
  private current: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private seeded: Promise<void> | null = null;
  /** For the server's own requests (warming analyses at start): never stored, gone at exit, scope read. */
  readonly internalSecret = `tm_internal_${randomBytes(32).toString('base64url')}`;
  readonly usage: KeyUsage;

  constructor(
    private readonly state: StateStore,
    private readonly now: () => number,
    /** Keys given at start (environment, tests): stored as keys `write` (collect) and `read` unless a key ever had that secret. */
    private readonly initial?: Partial<ApiKeys>,
  ) {
    this.usage = new KeyUsage(state, now);
  }

  /** The principal of a key secret, or why it is refused. */
  async check(secret: string): Promise<KeyCheck> {
    if (sameSecret(secret, this.internalSecret)) return { ok: true, principal: { actor: 'internal', keyId: null, scopes: ['read'], source: null, origins: null, admin: null } };
    await this.fresh();
    const hash = hashKeySecret(secret);
    let found = this.byHash.get(hash);
    if (found === undefined) {
      found = await findApiKeyByHash(this.state, hash);
      if (this.byHash.size >= MAX_CACHED) this.byHash.clear();
      this.byHash.set(hash, found);
    }
    if (!found || !sameSecret(found.storedHash, hash)) return { ok: false, code: 'invalid_key', message: 'this key is not valid' };
    const k = found.key;
    if (k.revokedAt) return { ok: false, code: 'key_revoked', message: `key ${k.id} (${k.name}) was revoked at ${k.revokedAt}` };
    if (found.matched === 'previous' && (!k.expiresAt || Date.parse(k.expiresAt) <= this.now())) {
      return { ok: false, code: 'key_expired', message: `this secret of key ${k.id} (${k.name}) was rotated; it stopped working at ${k.expiresAt ?? 'once'} — use the new secret` };
    }
    return { ok: true, principal: keyPrincipal(k) };
  }

  /** Whether key `id` still works (not revoked, not gone): a web session signed in with a key ends with it. */
  async keyStillValid(id: string): Promise<boolean> {
    await this.fresh();
    let k = this.byId.get(id);
    if (k === undefined) {
      k = await getApiKey(this.state, id);
      this.byId.set(id, k);
    }
    return k !== null && k.revokedAt === null;
  }

  /** Drop what is cached now (after this process changed a key; the revision would tell the next request anyway). */
  invalidate(): void {
    this.byHash.clear();
    this.byId.clear();
    this.revision = -1;
  }

  /**
   * Store the initial keys once, then make sure the cache is as new as the store's revision read
   * after this request arrived: a read already under way began too early, so the requests that
   * arrive meanwhile share the next one (under load: one small query per round trip, not per request).
   */
  private async fresh(): Promise<void> {
    this.seeded ??= this.seed();
    await this.seeded;
    if (!this.current) {
      this.current = this.readRevision().finally(() => (this.current = null));
      return this.current;
    }
    if (!this.next) {
      const before = this.current;
      this.next = before.catch(() => undefined).then(() => {
        this.next = null;
        return this.fresh();
      });
    }
    return this.next;
  }

  private async readRevision(): Promise<void> {
    const r = await apiKeysRevision(this.state);
    if (r !== this.revision) {
      this.byHash.clear();
      this.byId.clear();
      this.revision = r;
    }
  }

  /** Make sure the initial keys are stored (awaited by start before it prints them). */
  async ready(): Promise<void> {
    this.seeded ??= this.seed();
    await this.seeded;
  }

  private async seed(): Promise<void> {
    const given: Array<[string | undefined, string, ApiScope]> = [
      [this.initial?.writeKey, 'write', 'collect'],
      [this.initial?.readKey, 'read', 'read'],
    ];
    for (const [secret, name, scope] of given) {
      if (!secret) continue;
      const hash = hashKeySecret(secret);
      if (await apiKeyHashKnown(this.state, hash)) continue;
      try {
        await createApiKey(this.state, { id: newKeyId(), name, prefix: keyPrefix(secret), hash, scopes: [scope] });
      } catch (e) {
        // Another process on the same store stored it first (the hash is unique).
        if (!(await apiKeyHashKnown(this.state, hash))) throw e;
      }
    }
  }

  async close(): Promise<void> {
    await this.usage.close();
  }
}
