import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readApiKeys } from '@trailmap/state';
import { openEmbeddedTestState } from '@trailmap/state/test-support';
import { loadOrCreateKeys } from '../src/auth/keys.js';

const keysFile = (dir: string) => JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8'));

test('API keys: made once into the state store, keys.json a copy; an older keys.json moves in; another directory\'s own keys are kept aside', async () => {
  const root = mkdtempSync(join(tmpdir(), 'trailmap-keys-'));
  const dirA = join(root, 'a');
  const { state } = await openEmbeddedTestState(dirA);
  try {
    // An older version's data directory: its keys.json becomes the state store's pair, nothing printed as new.
    const old = { writeKey: 'tm_write_from_older_version', readKey: 'tm_read_from_older_version' };
    writeFileSync(join(dirA, 'keys.json'), JSON.stringify(old));
    const first = await loadOrCreateKeys(state, dirA, {});
    assert.deepEqual([first.keys, first.created, first.replaced], [old, false, undefined]);
    assert.deepEqual(await readApiKeys(state), old);
    assert.deepEqual(keysFile(dirA), old);

    // A second data directory sharing the state store, with keys of its own from before.
    const dirB = join(root, 'b');
    mkdirSync(dirB);
    writeFileSync(join(dirB, 'keys.json'), JSON.stringify({ writeKey: 'tm_write_b_own_keys', readKey: 'tm_read_b_own_keys' }));
    const second = await loadOrCreateKeys(state, dirB, {});
    assert.deepEqual(second.keys, old, 'one pair for every process on the state store');
    assert.deepEqual(keysFile(dirB), old);
    assert.ok(second.replaced && existsSync(second.replaced), 'the other keys are kept, not lost');
    assert.equal(JSON.parse(readFileSync(second.replaced, 'utf8')).writeKey, 'tm_write_b_own_keys');
    assert.equal(statSync(join(dirB, 'keys.json')).mode & 0o777, 0o600);

    // The environment wins over the store, as before.
    const env = await loadOrCreateKeys(state, dirB, { readKey: 'tm_read_from_environment' });
    assert.deepEqual(env.keys, { writeKey: old.writeKey, readKey: 'tm_read_from_environment' });
    assert.deepEqual(await readApiKeys(state), old, 'the environment is not stored');
    assert.equal(readdirSync(dirB).filter((f) => f.startsWith('keys.json.replaced')).length, 1);
  } finally {
    await state.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('API keys: a new data directory gets new keys, stored in the state store and printed once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-keys-'));
  const { state } = await openEmbeddedTestState(dir);
  try {
    const a = await loadOrCreateKeys(state, dir, {});
    assert.equal(a.created, true);
    assert.match(a.keys.writeKey, /^tm_write_/);
    assert.deepEqual(await readApiKeys(state), a.keys);
    assert.deepEqual(keysFile(dir), a.keys);
    rmSync(join(dir, 'keys.json'));
    const b = await loadOrCreateKeys(state, dir, {});
    assert.deepEqual([b.keys, b.created], [a.keys, false], 'the copy is rewritten from the store');
    assert.deepEqual(keysFile(dir), a.keys);
  } finally {
    await state.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
