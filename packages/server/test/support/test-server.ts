import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp, type AppDeps } from '../../src/app.js';
import { openTestStore } from '@trailmap/warehouse/testing';

export const KEYS = { writeKey: 'tm_write_test_key_1234', readKey: 'tm_read_test_key_5678' };

/** A real server on a loopback port over a fresh store on the engine under test (TRAILMAP_WAREHOUSE). */
export async function startTestServer(deps: Pick<AppDeps, 'compute' | 'timeZone' | 'now' | 'results'> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-srv-'));
  const store = await openTestStore(dir);
  const app = buildApp({ store, keys: KEYS, logLevel: 'silent', ...deps });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    store,
    dir,
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const basic = (key: string) => `Basic ${Buffer.from(key + ':').toString('base64')}`;

export async function post(url: string, path: string, body: unknown, auth: string | null = basic(KEYS.writeKey), method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' = 'POST') {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(auth ? { authorization: auth } : {}) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

export async function get(url: string, path: string, auth: string | null = `Bearer ${KEYS.readKey}`) {
  const res = await fetch(url + path, { headers: auth ? { authorization: auth } : {} });
  return { status: res.status, body: (await res.json()) as any };
}
