import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findApiKeyByHash, listApiKeys } from '@trailmap/state';
import { openEmbeddedTestState } from '@trailmap/state/test-support';
import { loadOrCreateKeys } from '../src/auth/keys.js';
import { hashKeySecret } from '../src/auth/key-secret.js';

test('first keys: a new data directory gets a write (collect) and a read key, stored hashed, written once to keys.json (0600) and never again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-keys-'));
  const { state } = await openEmbeddedTestState(dir);
  try {
    const a = await loadOrCreateKeys(state, dir);
    assert.ok(a.created);
    assert.match(a.created.writeKey, /^tm_write_[\w-]{32}$/);
    assert.match(a.created.readKey, /^tm_read_[\w-]{32}$/);
    const file = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8'));
    assert.deepEqual([file.writeKey, file.readKey], [a.created.writeKey, a.created.readKey]);
    assert.equal(statSync(join(dir, 'keys.json')).mode & 0o777, 0o600);
    const keys = await listApiKeys(state);
    assert.deepEqual(keys.map((k) => [k.name, k.scopes]).sort(), [['read', ['read']], ['write', ['collect']]]);
    assert.equal((await findApiKeyByHash(state, hashKeySecret(a.created.writeKey)))?.key.scopes[0], 'collect');
    const stored = JSON.stringify(await state.query('SELECT * FROM api_keys'));
    assert.ok(!stored.includes(a.created.writeKey) && !stored.includes(a.created.readKey), 'the state store holds no secret');

    // Later starts make nothing and write nothing (the file deleted stays deleted).
    rmSync(join(dir, 'keys.json'));
    const b = await loadOrCreateKeys(state, dir);
    assert.deepEqual([b.created, b.movedIn], [null, false]);
    assert.equal(existsSync(join(dir, 'keys.json')), false);
    assert.equal((await listApiKeys(state)).length, 2);
  } finally {
    await state.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('first keys: an older version\'s keys.json pair moves in (hashed, same secrets); concurrent first starts make one pair', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-keys-'));
  const { state } = await openEmbeddedTestState(dir);
  try {
    const old = { writeKey: 'tm_write_from_older_version', readKey: 'tm_read_from_older_version' };
    writeFileSync(join(dir, 'keys.json'), JSON.stringify(old));
    const first = await loadOrCreateKeys(state, dir);
    assert.deepEqual([first.created, first.movedIn], [null, true]);
    assert.equal((await findApiKeyByHash(state, hashKeySecret(old.writeKey)))?.key.scopes[0], 'collect');
    assert.equal((await findApiKeyByHash(state, hashKeySecret(old.readKey)))?.key.scopes[0], 'read');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')), old, 'the older file is left as it was');
    const again = await Promise.all([loadOrCreateKeys(state, dir), loadOrCreateKeys(state, dir)]);
    assert.deepEqual(again.map((r) => [r.created, r.movedIn]), [[null, false], [null, false]]);
    assert.equal((await listApiKeys(state)).length, 2);
  } finally {
    await state.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
