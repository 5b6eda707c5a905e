import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { loadDemo } from '@trailmap/warehouse';
import { ComputePool } from '../src/compute/compute-pool.js';
import { basic, KEYS, post, startTestServer } from './support/test-server.js';

const read = `Bearer ${KEYS.readKey}`;

/**
 * While `heavy` runs, send /health and a /v1/track collection POST over and over, and count the
 * answers that arrive while the pool is computing (a job running on one of its threads). Were the
 * computation on the event loop, no request could be answered while it runs: the count would be 0.
 * How long each answer took is reported, not asserted (a shared machine's load decides it; the
 * latency goal is in `npm run bench:responsiveness`).
 */
async function probeWhile(url: string, pool: ComputePool, heavy: Promise<{ status: number; body: any }>) {
  let done = false;
  const settled = heavy.finally(() => (done = true));
  const during = { health: 0, track: 0 };
  const slowest = { health: 0, track: 0 };
  let i = 0;
  while (!done) {
    let t = performance.now();
    const h = await fetch(url + '/health');
    await h.arrayBuffer();
    assert.equal(h.status, 200);
    slowest.health = Math.max(slowest.health, performance.now() - t);
    if (pool.stats().running > 0) during.health++;
    t = performance.now();
    const r = await post(url, '/v1/track', { event: 'Probe', userId: `probe-${i}`, messageId: `probe-${i++}` }, basic(KEYS.writeKey));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    slowest.track = Math.max(slowest.track, performance.now() - t);
    if (pool.stats().running > 0) during.track++;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { result: await settled, during, slowest };
}

// The heaviest requests the schemas allow (see docs/api.md, "Limits").
const HEAVIEST_INTERVENTIONS = { draws: 1000, top: 20, journeys: 1e12, twinMinCount: 1 };
const HEAVIEST_TWIN = {
  options: { draws: 5000, journeys: 1e12 },
  interventions: Array.from({ length: 50 }, () => ({ kind: 'scale_transition', from: 'Product Viewed', to: '(conversion)', factor: 1.01 })),
};

describe('heavy computations leave the event loop free', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  // The budget is not under test here (compute-limits tests it): on a shared 2-core machine the
  // heaviest request can take longer than the default 30 s, and this test is about the event loop.
  const pool = new ComputePool({ budgetMs: 170_000 });
  before(async () => {
    srv = await startTestServer({ compute: pool });
    await loadDemo(srv.store, { events: 20_000, seed: 42 });
  });
  after(async () => {
    await srv.close();
    await pool.close();
  });

  for (const [path, body] of [
    ['/v1/interventions', HEAVIEST_INTERVENTIONS],
    ['/v1/twin/simulate', HEAVIEST_TWIN],
  ] as const) {
    test(`${path} (the heaviest allowed request): /health and /v1/track are answered while it computes`, { timeout: 180_000 }, async (t) => {
      const t0 = performance.now();
      const { result, during, slowest } = await probeWhile(srv.url, pool, post(srv.url, path, body, read));
      const took = performance.now() - t0;
      t.diagnostic(`${path}: ${took.toFixed(0)} ms; answered while computing: ${during.health} /health, ${during.track} /v1/track; slowest ${slowest.health.toFixed(0)} / ${slowest.track.toFixed(0)} ms`);
      assert.equal(result.status, 200, JSON.stringify(result.body).slice(0, 300));
      assert.ok(during.health >= 10, `only ${during.health} /health answers arrived while ${path} computed: the computation holds the event loop`);
      assert.ok(during.track >= 10, `only ${during.track} /v1/track answers arrived while ${path} computed: the computation holds the event loop`);
      assert.equal(pool.stats().running, 0, 'the job left the pool when it answered');
    });
  }
});
