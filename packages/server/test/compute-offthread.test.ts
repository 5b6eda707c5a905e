import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { loadDemo } from '@trailmap/warehouse';
import { basic, KEYS, post, startTestServer } from './support/test-server.js';

const read = `Bearer ${KEYS.readKey}`;

/**
 * While `heavy` runs, time /health and a /v1/track collection POST over and over; returns every
 * latency in ms. The server is in this process, so a computation on its event loop delays both;
 * a probe is timed from when it was due (not when a delayed timer let it start).
 */
async function probeWhile(url: string, heavy: Promise<{ status: number; body: any }>) {
  let done = false;
  const settled = heavy.finally(() => (done = true));
  const health: number[] = [], track: number[] = [];
  let i = 0;
  let t = performance.now();
  while (!done) {
    const h = await fetch(url + '/health');
    await h.arrayBuffer();
    health.push(performance.now() - t);
    assert.equal(h.status, 200);
    t = performance.now();
    const r = await post(url, '/v1/track', { event: 'Probe', userId: `probe-${i}`, messageId: `probe-${i++}` }, basic(KEYS.writeKey));
    track.push(performance.now() - t);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    // Each probe is timed from when it was due, so a blocked loop that delays the timer counts too.
    t = performance.now() + 50;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { result: await settled, health, track };
}

const max = (xs: number[]) => Math.max(...xs);

// The heaviest requests the schemas allow (see docs/api.md, "Limits").
const HEAVIEST_INTERVENTIONS = { draws: 1000, top: 20, journeys: 1e12, twinMinCount: 1 };
const HEAVIEST_TWIN = {
  options: { draws: 5000, journeys: 1e12 },
  interventions: Array.from({ length: 50 }, () => ({ kind: 'scale_transition', from: 'Product Viewed', to: '(conversion)', factor: 1.01 })),
};

describe('heavy computations leave the event loop free', () => {
  let srv: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => {
    srv = await startTestServer();
    await loadDemo(srv.store, { events: 20_000, seed: 42 });
  });
  after(async () => srv.close());

  for (const [path, body] of [
    ['/v1/interventions', HEAVIEST_INTERVENTIONS],
    ['/v1/twin/simulate', HEAVIEST_TWIN],
  ] as const) {
    test(`${path} (the heaviest allowed request): /health and /v1/track answer within 100 ms meanwhile`, { timeout: 120_000 }, async (t) => {
      const t0 = performance.now();
      const { result, health, track } = await probeWhile(srv.url, post(srv.url, path, body, read));
      const took = performance.now() - t0;
      t.diagnostic(`${path}: ${took.toFixed(0)} ms; max /health ${max(health).toFixed(1)} ms over ${health.length} probes, max /v1/track ${max(track).toFixed(1)} ms`);
      assert.equal(result.status, 200, JSON.stringify(result.body).slice(0, 300));
      assert.ok(max(health) < 100, `/health took up to ${max(health).toFixed(0)} ms (${health.length} probes) during ${path} (${took.toFixed(0)} ms)`);
      assert.ok(max(track) < 100, `/v1/track took up to ${max(track).toFixed(0)} ms (${track.length} probes) during ${path} (${took.toFixed(0)} ms)`);
      assert.ok(health.length >= 20, `only ${health.length} probes in ${took.toFixed(0)} ms: the request was too quick to prove anything`);
    });
  }
});
