#!/usr/bin/env node
// One measurement in a process of its own (so its resident memory is its own):
//   node bench/state/measure.mjs <embedded|postgres|pglite-inline-initdb> <cold|warm> <dataDir or URL> <ops>
// Prints one JSON line: open time, per-operation latency (setting write + read), RSS added.
import { PGlite } from '@electric-sql/pglite';
import { openStateStore, readStateSetting, writeStateSetting } from '@trailmap/state';

const [kind, phase, where, opsText] = process.argv.slice(2);
const ops = Number(opsText ?? 500);
const rss0 = process.memoryUsage().rss;
let peak = rss0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
let state;
if (kind === 'pglite-inline-initdb') {
  // PGlite's own way: initdb inside this process (what openPgliteState moves to a thread).
  const db = await PGlite.create(where);
  await db.query('SELECT 1');
  const openMs = performance.now() - t0;
  peak = Math.max(peak, process.memoryUsage().rss);
  const rssAfter = process.memoryUsage().rss;
  await db.close();
  clearInterval(sampler);
  console.log(JSON.stringify({ kind, phase, openMs, rssAddedMB: (rssAfter - rss0) / 2 ** 20, peakAddedMB: (peak - rss0) / 2 ** 20 }));
  process.exit(0);
}
({ state } = await openStateStore({ setting: kind === 'embedded' ? 'embedded' : where, dataDir: where }));
const openMs = performance.now() - t0;
const lat = [];
for (let i = 0; i < ops; i++) {
  const s = performance.now();
  await writeStateSetting(state, `bench.${i % 20}`, JSON.stringify({ i, at: Date.now() }));
  const v = await readStateSetting(state, `bench.${i % 20}`);
  if (!v || JSON.parse(v).i !== i) throw new Error('read did not see the write');
  lat.push(performance.now() - s);
}
lat.sort((a, b) => a - b);
peak = Math.max(peak, process.memoryUsage().rss);
const rssAfter = process.memoryUsage().rss;
await state.close();
clearInterval(sampler);
console.log(
  JSON.stringify({
    kind,
    phase,
    openMs,
    writeReadMedianMs: lat[Math.floor(lat.length / 2)],
    writeReadP95Ms: lat[Math.floor(lat.length * 0.95)],
    rssAddedMB: (rssAfter - rss0) / 2 ** 20,
    peakAddedMB: (peak - rss0) / 2 ** 20,
  }),
);
