import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StateStore } from '../src/state-store.js';
import { migrateState } from '../src/migrations/migrate.js';
import { STATE_MIGRATIONS } from '../src/migrations/migrations.js';
import {
  apiKeyHashKnown,
  apiKeysRevision,
  createApiKey,
  createFirstApiKeys,
  findApiKeyByHash,
  getApiKey,
  listApiKeys,
  revokeApiKey,
  rotateApiKey,
  touchApiKeys,
} from '../src/repos/api-keys.repo.js';
import { createAdmin, createFirstAdmin, getAdmin, listAdmins, setAdminPassword } from '../src/repos/admins.repo.js';
import { createHash } from 'node:crypto';
import { storeTest } from './support/store-test.js';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * API keys and admins (state migration 5) on every adapter. `open` gives a migrated store;
 * `openBlank` a store no migration ran on (to migrate a version-4 store with its two plain keys).
 */
export function apiKeysSuite(name: string, open: () => Promise<StateStore>, openBlank: () => Promise<StateStore>): void {
  const withStore = (title: string, opener: () => Promise<StateStore>, fn: (s: StateStore) => Promise<void>) => storeTest(name, opener)(title, fn);

  withStore('migration 5: the two plain keys of version 4 become hashed keys with scopes collect and read', openBlank, async (s) => {
    await migrateState(s, STATE_MIGRATIONS.filter((m) => m.version <= 4));
    await s.exec(`INSERT INTO api_keys (kind, key) VALUES ('write', 'tm_write_old_secret_1'), ('read', 'tm_read_old_secret_22')`);
    await migrateState(s);
    const keys = await listApiKeys(s);
    assert.deepEqual(
      keys.map((k) => [k.name, k.prefix, k.scopes, k.source, k.allowedOrigins, k.revokedAt]).sort(),
      [['read', 'tm_read_old_', ['read'], null, null, null], ['write', 'tm_write_old', ['collect'], null, null, null]],
    );
    assert.equal((await findApiKeyByHash(s, sha('tm_write_old_secret_1')))?.key.scopes[0], 'collect');
    assert.equal((await findApiKeyByHash(s, sha('tm_read_old_secret_22')))?.key.name, 'read');
    const text = JSON.stringify(await s.query('SELECT * FROM api_keys'));
    assert.ok(!text.includes('old_secret_1') && !text.includes('old_secret_22'), 'no secret is stored in plain text');
    assert.equal((await s.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'api_keys_v1'`)).length, 0);
  });

  withStore('migration 5 lands on a store already at a later version (6, 7): applied, not skipped', openBlank, async (s) => {
    await migrateState(s, STATE_MIGRATIONS.filter((m) => m.version !== 5));
    await s.exec(`INSERT INTO api_keys (kind, key) VALUES ('write', 'tm_write_late_secret'), ('read', 'tm_read_late_secret_')`);
    assert.deepEqual((await migrateState(s)).applied, [5]);
    assert.equal((await findApiKeyByHash(s, sha('tm_write_late_secret')))?.key.scopes[0], 'collect');
    assert.deepEqual((await migrateState(s)).applied, []);
  });

  withStore('keys: create, find by hash, rotate (old secret kept until the grace ends), revoke; each bumps the revision', open, async (s) => {
    const r0 = await apiKeysRevision(s);
    const k = await createApiKey(s, { id: 'key_a', name: 'shop', prefix: 'tm_live_abc', hash: sha('secret-a'), scopes: ['collect'], source: 'web', allowedOrigins: ['https://shop.example'] });
    assert.deepEqual([k.scopes, k.source, k.allowedOrigins, k.expiresAt, k.revokedAt, k.lastUsedAt], [['collect'], 'web', ['https://shop.example'], null, null, null]);
    assert.equal(await apiKeysRevision(s), r0 + 1);
    assert.equal((await findApiKeyByHash(s, sha('secret-a')))?.matched, 'current');
    assert.equal(await findApiKeyByHash(s, sha('nope')), null);

    const until = new Date('2030-01-01T00:00:00Z');
    const rotated = await rotateApiKey(s, 'key_a', { hash: sha('secret-b'), prefix: 'tm_live_def', graceUntil: until });
    assert.deepEqual([rotated?.prefix, rotated?.expiresAt], ['tm_live_def', until.toISOString()]);
    assert.equal((await findApiKeyByHash(s, sha('secret-a')))?.matched, 'previous');
    assert.equal((await findApiKeyByHash(s, sha('secret-b')))?.matched, 'current');
    assert.equal(await apiKeysRevision(s), r0 + 2);
    // A second rotation without grace: the first secret is gone, the second too.
    await rotateApiKey(s, 'key_a', { hash: sha('secret-c'), prefix: 'tm_live_ghi', graceUntil: null });
    assert.equal(await findApiKeyByHash(s, sha('secret-a')), null);
    assert.equal(await findApiKeyByHash(s, sha('secret-b')), null);
    assert.equal(await apiKeyHashKnown(s, sha('secret-c')), true);
    assert.equal(await rotateApiKey(s, 'no_such', { hash: sha('x'), prefix: 'x', graceUntil: null }), null);

    const at = new Date('2026-12-04T12:00:00Z');
    assert.equal((await revokeApiKey(s, 'key_a', at))?.revokedAt, at.toISOString());
    assert.equal((await revokeApiKey(s, 'key_a', new Date()))?.revokedAt, at.toISOString(), 'revoking again keeps the first time');
    assert.equal(await rotateApiKey(s, 'key_a', { hash: sha('secret-d'), prefix: 'x', graceUntil: null }), null, 'a revoked key cannot be rotated');
    assert.equal(await revokeApiKey(s, 'no_such', at), null);
    assert.ok((await findApiKeyByHash(s, sha('secret-c')))?.key.revokedAt, 'a revoked key is still found (to answer 401 key_revoked)');
    assert.equal(await apiKeysRevision(s), r0 + 5);

    await touchApiKeys(s, [{ id: 'key_a', at: new Date('2026-12-04T13:00:00Z') }]);
    await touchApiKeys(s, [{ id: 'key_a', at: new Date('2026-12-04T12:30:00Z') }]);
    assert.equal((await getApiKey(s, 'key_a'))?.lastUsedAt, '2026-12-04T13:00:00.000Z', 'last use never moves back');
    assert.equal(await apiKeysRevision(s), r0 + 5, 'use does not change the revision');
    await assert.rejects(createApiKey(s, { id: 'key_b', name: 'dup', prefix: 'x', hash: sha('secret-c'), scopes: ['read'] }), 'a hash is unique');
    await assert.rejects(createApiKey(s, { id: 'key_c', name: 'none', prefix: 'x', hash: sha('z'), scopes: [] }), 'a key has at least one scope');
  });

  withStore('first keys: concurrent first starts store one set', open, async (s) => {
    const r = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createFirstApiKeys(s, () => [{ id: `key_w${i}`, name: 'write', prefix: 'p', hash: sha(`w${i}`), scopes: ['collect'] }, { id: `key_r${i}`, name: 'read', prefix: 'p', hash: sha(`r${i}`), scopes: ['read'] }])),
    );
    assert.equal(r.filter(Boolean).length, 1);
    assert.equal((await listApiKeys(s)).length, 2);
  });

  withStore('admins: created once per name, first admin once, password hash replaced', open, async (s) => {
    assert.equal(await getAdmin(s, 'ana'), null);
    const r = await Promise.all(Array.from({ length: 4 }, (_, i) => createFirstAdmin(s, () => ({ name: 'admin', passwordHash: `scrypt$h${i}` }))));
    assert.equal(r.filter(Boolean).length, 1);
    assert.equal(await createAdmin(s, { name: 'ana', passwordHash: 'scrypt$a' }), true);
    assert.equal(await createAdmin(s, { name: 'ana', passwordHash: 'scrypt$b' }), false);
    assert.equal((await getAdmin(s, 'ana'))?.passwordHash, 'scrypt$a');
    assert.equal(await setAdminPassword(s, 'ana', 'scrypt$c'), true);
    assert.equal(await setAdminPassword(s, 'bob', 'scrypt$c'), false);
    assert.equal((await getAdmin(s, 'ana'))?.passwordHash, 'scrypt$c');
    assert.deepEqual((await listAdmins(s)).map((a) => a.name), ['admin', 'ana']);
    assert.equal(await createFirstAdmin(s, () => ({ name: 'other', passwordHash: 'x' })), false);
  });
}
