import type { StateSession, StateStore } from '../state-store.js';

/** One API key as stored: never its secret, only the secret's hash (and the previous secret's during a rotation's grace). */
export interface StoredApiKey {
  id: string;
  name: string;
  /** The secret's first characters, to tell keys apart in lists. */
  prefix: string;
  scopes: string[];
  /** The source collection with this key is stamped with (null = any). */
  source: string | null;
  /** The browser origins collection with this key is accepted from (null = any). */
  allowedOrigins: string[] | null;
  createdAt: string;
  /** Until when the secret before the last rotation still works (null = no rotation in grace). */
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A key to store: its hash, never the secret. */
export interface NewApiKey {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: readonly string[];
  source?: string | null;
  allowedOrigins?: readonly string[] | null;
}

type Row = {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: string[] | string;
  source: string | null;
  allowed_origins: string[] | string | null;
  created_at: Date | string;
  prev_hash: string | null;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  last_used_at: Date | string | null;
};

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());
// node-postgres and PGlite both parse text[]; a literal '{a,b}' is parsed here should a driver leave it as text.
const arr = (v: string[] | string | null): string[] | null => (v === null ? null : Array.isArray(v) ? v : v.replace(/^\{|\}$/g, '').split(',').filter(Boolean));

const toKey = (r: Row): StoredApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: arr(r.scopes) ?? [],
  source: r.source,
  allowedOrigins: arr(r.allowed_origins),
  createdAt: iso(r.created_at)!,
  expiresAt: iso(r.expires_at),
  revokedAt: iso(r.revoked_at),
  lastUsedAt: iso(r.last_used_at),
});

const COLUMNS = 'id, name, prefix, hash, scopes, source, allowed_origins, created_at, prev_hash, expires_at, revoked_at, last_used_at';

const bump = (s: StateSession) => s.exec('UPDATE api_keys_revision SET revision = revision + 1 WHERE id = 1');

/** Goes up with every create, rotate and revoke: a process compares it with the one its cache was filled at. */
export async function apiKeysRevision(s: StateSession): Promise<number> {
  const [row] = await s.query<{ revision: string | number }>('SELECT revision FROM api_keys_revision WHERE id = 1');
  return Number(row?.revision ?? 0);
}

/** Every key, revoked ones too, oldest first. */
export async function listApiKeys(s: StateSession): Promise<StoredApiKey[]> {
  return (await s.query<Row>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, id`)).map(toKey);
}

export async function getApiKey(s: StateSession, id: string): Promise<StoredApiKey | null> {
  const [row] = await s.query<Row>(`SELECT ${COLUMNS} FROM api_keys WHERE id = $1`, [id]);
  return row ? toKey(row) : null;
}

/**
 * The key whose current secret, or previous secret (during a rotation's grace), hashes to `hash`,
 * revoked or not, and which of its hashes matched (the caller compares it again in constant time
 * and checks `expiresAt` against its own clock).
 */
export async function findApiKeyByHash(s: StateSession, hash: string): Promise<{ key: StoredApiKey; matched: 'current' | 'previous'; storedHash: string } | null> {
  const [row] = await s.query<Row>(`SELECT ${COLUMNS} FROM api_keys WHERE hash = $1 OR prev_hash = $1 LIMIT 1`, [hash]);
  if (!row) return null;
  const current = row.hash === hash;
  return { key: toKey(row), matched: current ? 'current' : 'previous', storedHash: current ? row.hash : row.prev_hash! };
}

/** Whether any key, revoked or not, has held this hash (so an environment key revoked once is not stored again). */
export async function apiKeyHashKnown(s: StateSession, hash: string): Promise<boolean> {
  return (await s.query('SELECT 1 FROM api_keys WHERE hash = $1 OR prev_hash = $1', [hash])).length > 0;
}

export async function createApiKey(s: StateSession, k: NewApiKey): Promise<StoredApiKey> {
  const [row] = await s.query<Row>(
    `INSERT INTO api_keys (id, name, prefix, hash, scopes, source, allowed_origins) VALUES ($1, $2, $3, $4, $5::text[], $6, $7::text[]) RETURNING ${COLUMNS}`,
    [k.id, k.name, k.prefix, k.hash, k.scopes, k.source ?? null, k.allowedOrigins ?? null],
  );
  await bump(s);
  return toKey(row!);
}

/**
 * Give key `id` a new secret; the current one keeps working until `graceUntil` (null or a past
 * time: at once no longer). A revoked key cannot be rotated (null is returned, as for an unknown id).
 */
export async function rotateApiKey(s: StateSession, id: string, next: { hash: string; prefix: string; graceUntil: Date | null }): Promise<StoredApiKey | null> {
  const [row] = await s.query<Row>(
    `UPDATE api_keys SET prev_hash = CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE hash END, prev_prefix = prefix, expires_at = $4::timestamptz, hash = $2, prefix = $3
      WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
    [id, next.hash, next.prefix, next.graceUntil?.toISOString() ?? null],
  );
  if (!row) return null;
  await bump(s);
  return toKey(row);
}

/** Revoke key `id` now (both its secrets); revoking twice keeps the first time. Null for an unknown id. */
export async function revokeApiKey(s: StateSession, id: string, at: Date): Promise<StoredApiKey | null> {
  const [row] = await s.query<Row>(`UPDATE api_keys SET revoked_at = coalesce(revoked_at, $2::timestamptz) WHERE id = $1 RETURNING ${COLUMNS}`, [id, at.toISOString()]);
  if (!row) return null;
  await bump(s);
  return toKey(row);
}

/** Record when keys were last used (one statement for many; never moves a time back). Does not change the revision. */
export async function touchApiKeys(s: StateSession, uses: ReadonlyArray<{ id: string; at: Date }>): Promise<void> {
  if (uses.length === 0) return;
  await s.exec(
    `UPDATE api_keys k SET last_used_at = greatest(k.last_used_at, u.at)
      FROM (SELECT unnest($1::text[]) AS id, unnest($2::timestamptz[]) AS at) u WHERE k.id = u.id`,
    [uses.map((u) => u.id), uses.map((u) => u.at.toISOString())],
  );
}

/**
 * Store `make()`'s keys only when the store holds no key at all; returns whether they were stored.
 * Two processes starting at once on one PostgreSQL: the second waits on the lock, then finds keys.
 */
export async function createFirstApiKeys(store: StateStore, make: () => NewApiKey[]): Promise<boolean> {
  return store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7318004552)');
    const [row] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys');
    if (row!.n > 0) return false;
    for (const k of make()) await createApiKey(tx, k);
    return true;
  });
}
