#!/usr/bin/env node
// bench/responsiveness — does the server stay responsive while it computes? A real server (the
// product's buildApp, compute pool of the defaults) on the demo's events; /health and a /v1/track
// POST are timed over and over, first with nothing else running (the baseline of this run), then
// while each of the heaviest requests the schemas allow runs (POST /v1/interventions,
// POST /v1/twin/simulate). Goal: no probe slower than 100 ms while they compute.
// Prints, per heavy request: its time, the probes' p50 / p99 / max latency, and the ratio of the
// max to the baseline's max; the median over --repeat runs; then RESULT {json}.
// Usage: npm run bench:responsiveness [-- --events 20000 --repeat 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { buildApp } from '@trailmap/server';
import { loadDemo } from '@trailmap/warehouse';
import { openTestStore } from '@trailmap/warehouse/testing';

const { values } = parseArgs({ options: { events: { type: 'string', default: '20000' }, repeat: { type: 'string', default: '3' }, idle: { type: 'string', default: '200' } } });
const events = Number(values.events);
const repeat = Number(values.repeat);
const GOAL_MS = 100;
const KEYS = { writeKey: 'tm_write_bench_resp_1234', readKey: 'tm_read_bench_resp_5678' };
const basic = `Basic ${Buffer.from(KEYS.writeKey + ':').toString('base64')}`;
const HEAVY = {
  '/v1/interventions': { draws: 1000, top: 20, journeys: 1e12, twinMinCount: 1 },
  '/v1/twin/simulate': {
    options: { draws: 5000, journeys: 1e12 },
    interventions: Array.from({ length: 50 }, () => ({ kind: 'scale_transition', from: 'Product Viewed', to: '(conversion)', factor: 1.01 })),
  },
};

const dir = mkdtempSync(join(tmpdir(), 'trailmap-bench-resp-'));
const store = await openTestStore(dir);
// No result cache: each run must compute the heavy requests again.
const app = buildApp({ store, keys: KEYS, logLevel: 'silent', results: null });
const url = await app.listen({ port: 0, host: '127.0.0.1' });
await loadDemo(store, { events, seed: 42 });
let seq = 0;

/** One /health and one /v1/track, each timed; every 20 ms until `until()` says stop. */
async function probe(until) {
  const health = [], track = [];
  while (!until()) {
    let t = performance.now();
    const h = await fetch(url + '/health');
    await h.arrayBuffer();
    health.push(performance.now() - t);
    t = performance.now();
    const r = await fetch(url + '/v1/track', { method: 'POST', headers: { 'content-type': 'application/json', authorization: basic }, body: JSON.stringify({ event: 'Probe', userId: `p${seq}`, messageId: `probe-${seq++}` }) });
    await r.arrayBuffer();
    if (h.status !== 200 || r.status !== 200) throw new Error(`probe answered ${h.status} / ${r.status}`);
    track.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { health, track };
}
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => quantile(xs, 0.5);
const stats = (xs) => ({ p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), max: Math.max(...xs), n: xs.length });

const runs = [];
for (let r = 0; r < repeat; r++) {
  let n = 0;
  const idle = await probe(() => n++ >= Number(values.idle));
  const run = { idle: { health: stats(idle.health), track: stats(idle.track) } };
  for (const [path, body] of Object.entries(HEAVY)) {
    let done = false;
    const t0 = performance.now();
    const heavy = fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.readKey}` }, body: JSON.stringify(body) })
      .then(async (res) => {
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        return performance.now() - t0;
      })
      .finally(() => (done = true));
    const p = await probe(() => done);
    run[path] = { seconds: (await heavy) / 1000, health: stats(p.health), track: stats(p.track) };
  }
  runs.push(run);
}
await app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });

const med = (f) => median(runs.map(f));
const result = { events, repeat, goalMs: GOAL_MS, idle: { healthMaxMs: med((r) => r.idle.health.max), trackMaxMs: med((r) => r.idle.track.max), healthP50Ms: med((r) => r.idle.health.p50), trackP50Ms: med((r) => r.idle.track.p50) } };
console.log(`bench/responsiveness: ${events.toLocaleString('en')} demo events, median of ${repeat} runs`);
console.log(`idle: /health p50 ${result.idle.healthP50Ms.toFixed(1)} ms, max ${result.idle.healthMaxMs.toFixed(1)} ms; /v1/track p50 ${result.idle.trackP50Ms.toFixed(1)} ms, max ${result.idle.trackMaxMs.toFixed(1)} ms`);
let meets = true;
for (const path of Object.keys(HEAVY)) {
  const f = (k, s) => med((r) => r[path][k][s]);
  const row = {
    seconds: med((r) => r[path].seconds),
    health: { p50: f('health', 'p50'), p99: f('health', 'p99'), max: f('health', 'max') },
    track: { p50: f('track', 'p50'), p99: f('track', 'p99'), max: f('track', 'max') },
  };
  row.healthMaxVsIdle = row.health.max / result.idle.healthMaxMs;
  row.trackMaxVsIdle = row.track.max / result.idle.trackMaxMs;
  row.meetsGoal = row.health.max < GOAL_MS && row.track.max < GOAL_MS;
  meets &&= row.meetsGoal;
  result[path] = row;
  console.log(
    `${path}: ${row.seconds.toFixed(1)} s; /health p50 ${row.health.p50.toFixed(1)} p99 ${row.health.p99.toFixed(1)} max ${row.health.max.toFixed(1)} ms (${row.healthMaxVsIdle.toFixed(2)}x idle max); ` +
      `/v1/track p50 ${row.track.p50.toFixed(1)} p99 ${row.track.p99.toFixed(1)} max ${row.track.max.toFixed(1)} ms (${row.trackMaxVsIdle.toFixed(2)}x idle max); goal < ${GOAL_MS} ms: ${row.meetsGoal ? 'met' : 'missed'}`,
  );
}
result.meetsGoal = meets;
console.log(`RESULT ${JSON.stringify(result)}`);
