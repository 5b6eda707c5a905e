import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appConfigFromEnv } from '@trailmap/core';
import { readStateSetting } from '@trailmap/state';
import { testWarehouse } from '@trailmap/warehouse/testing';
import { startServer } from '../src/start.js';
import { RECENT_ANALYSES_SETTING } from '../src/http/answer-warmup.js';

const KEYS = { writeKey: 'tm_write_warmup_1234', readKey: 'tm_read_warmup_5678' };
const FUNNEL = { steps: [{ event: 'Product Viewed' }, { event: 'Order Completed' }], window: '7d' };
const ATTRIBUTION = { model: 'last', by: 'event', lookback: '30d' };

async function ask(url: string, path: string, body: unknown) {
  const res = await fetch(url + path, { method: 'POST', headers: { authorization: `Bearer ${KEYS.readKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as unknown };
}

test('a restarted server computes the analyses asked for last before anyone asks again; a refused one is not kept', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-warmup-'));
  const config = appConfigFromEnv({}, { warehouse: testWarehouse(), port: 0, dataDir: dir, demoEvents: 3_000, logLevel: 'warn', ...KEYS });
  try {
    const first = await startServer({ config, demo: true, print: () => {} });
    assert.equal(await first.warmUp, 0, 'nothing asked yet');
    const funnel = await ask(first.url, '/v1/analytics/funnel', FUNNEL);
    const attribution = await ask(first.url, '/v1/attribution', ATTRIBUTION);
    assert.equal(funnel.status, 200);
    assert.equal(attribution.status, 200);
    assert.equal((await ask(first.url, '/v1/analytics/funnel', { steps: [] })).status, 400);
    await first.close();

    const second = await startServer({ config, demo: true, print: () => {} });
    try {
      const saved = JSON.parse((await readStateSetting(second.state, RECENT_ANALYSES_SETTING))!) as Array<{ path: string }>;
      assert.deepEqual(saved.map((r) => r.path), ['/v1/attribution', '/v1/analytics/funnel'], 'the answered ones, most recent first; the 400 is not kept');
      assert.equal(await second.warmUp, 2, 'both computed again at start');
      const misses = second.results.counts.misses;
      assert.deepEqual(await ask(second.url, '/v1/analytics/funnel', FUNNEL), funnel, 'the same answer');
      assert.deepEqual(await ask(second.url, '/v1/attribution', ATTRIBUTION), attribution);
      assert.equal(second.results.counts.misses, misses, 'served from the warmed cache, nothing computed on request');
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
