import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore } from '@trailmap/warehouse/testing';
import { buildApp } from '../src/app.js';
import { loadProjectConfig } from '../src/config/load-project-config.js';
import { KEYS } from './support/test-server.js';

// The project's currency: trailmap.config.json `currency` (ISO 4217, validated, default USD),
// served to the web app by GET /v1/project with the read key.
test('currency: default USD, an ISO 4217 code is kept, anything else is refused naming the field', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-currency-'));
  try {
    const file = join(dir, 'trailmap.config.json');
    assert.equal((await loadProjectConfig(null)).currency, 'USD');
    writeFileSync(file, JSON.stringify({ currency: 'EUR' }));
    assert.equal((await loadProjectConfig(file)).currency, 'EUR');
    for (const bad of ['eur', 'EURO', 'XQQ', 12]) {
      writeFileSync(file, JSON.stringify({ currency: bad }));
      await assert.rejects(loadProjectConfig(file), (e: Error) => /currency: /.test(e.message), JSON.stringify(bad));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('GET /v1/project answers the currency and time zone to the read key only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-project-'));
  const store = await openTestStore(dir);
  const app = buildApp({ store, keys: KEYS, logLevel: 'silent', currency: 'JPY', timeZone: 'Asia/Tokyo' });
  try {
    const ok = await app.inject({ method: 'GET', url: '/v1/project', headers: { authorization: `Bearer ${KEYS.readKey}` } });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { currency: 'JPY', timeZone: 'Asia/Tokyo' });
    assert.equal((await app.inject({ method: 'GET', url: '/v1/project' })).statusCode, 401);
    const fallback = buildApp({ store, keys: KEYS, logLevel: 'silent' });
    assert.deepEqual((await fallback.inject({ method: 'GET', url: '/v1/project', headers: { authorization: `Bearer ${KEYS.readKey}` } })).json(), { currency: 'USD', timeZone: 'UTC' });
    await fallback.close();
  } finally {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
