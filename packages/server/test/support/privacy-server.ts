import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStateStore, type StateStore } from '@trailmap/state';
import { openTestStore } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import { buildApp } from '../../src/app.js';
import { createKey } from '../../src/auth/key-admin.js';
import { KEYS } from './test-server.js';

/**
 * A real server for data-subject request tests: the embedded state store and the warehouse (engine
 * under test) in one temporary data directory (so a byte search covers both), uploads under it,
 * and a key with scope privacy (`privacy`, the Authorization header value).
 */
export async function startPrivacyServer(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const state: StateStore = (await openStateStore({ setting: 'embedded', dataDir: dir })).state;
  const store: EventStore = await openTestStore(dir, { state });
  const app = buildApp({ store, state, keys: KEYS, logLevel: 'silent', uploadDir: join(dir, 'uploads'), dataDir: dir });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const privacy = `Bearer ${(await createKey(state, { name: 'privacy desk', scopes: ['privacy'] }, { actor: 'test' })).secret}`;
  return {
    dir,
    state,
    store,
    url,
    privacy,
    async close() {
      await app.close();
      await store.close();
      await state.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
