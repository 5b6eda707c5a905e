import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeMessage, projectConfigSchema } from '@trailmap/core';
import { resolvePersonGraph } from '../src/index.js';
import { openTestStore } from '../src/testing/test-store.js';

// A data-subject request by email when the PII policy hashes traits.email at ingest: the stored
// value is `h:…`, and the person is still found — with the project salt, not without it.
test('a request by email finds the person whose traits.email was stored hashed (engine under test)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-graph-hash-'));
  const salt = Buffer.alloc(32, 7);
  const project = projectConfigSchema.parse({ pii: { rules: [{ path: 'traits.email', action: 'hash' }] } });
  const store = await openTestStore(dir, { project, piiSalt: salt });
  try {
    const r = normalizeMessage({ type: 'identify', userId: 'u-hashed-1', traits: { email: 'Mia.Wong@Example.com' }, messageId: 'h1', timestamp: '2026-11-01T10:00:00Z' }, { receivedAt: Date.parse('2026-11-01T10:00:00Z'), source: 'test' });
    assert.ok(r.ok);
    await store.ingestBatch([r.value]);
    await store.flush();
    const [row] = await store.db.query<{ t: unknown }>(`SELECT traits AS t FROM events`);
    const traits = (typeof row!.t === 'string' ? JSON.parse(row!.t) : row!.t) as { email: string };
    assert.match(traits.email, /^h:[0-9a-f]{64}$/, 'stored hashed');
    const found = await resolvePersonGraph(store.db, { email: 'mia.wong@example.com' }, salt);
    assert.deepEqual(found.identities, ['user:u-hashed-1']);
    const blind = await resolvePersonGraph(store.db, { email: 'mia.wong@example.com' });
    assert.deepEqual(blind.personIds, [], 'without the salt the hashed email names nobody');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
