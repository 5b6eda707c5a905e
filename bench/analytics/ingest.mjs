// One engine's ingestion for bench/analytics, in its own process (chdb serves one data directory
// per process; peak memory is then the ingestion's own). Events go through the product's
// ingestion: the first `logSample` through the collection log (normalizeMessage, as the HTTP API
// validates; ingestBatch appends and fsyncs; flush loads the log: staging, then the commit step of
// dedupe, identity and classification), the rest through bulkLoad (the same staging and commit
// step, filled in large batches as the demo loader and file import do). Prints one JSON line.
import { readFileSync } from 'node:fs';
import { DEFAULT_PROJECT_CONFIG, normalizeMessage } from '@trailmap/core';
import { EventStore, stageEvents } from '@trailmap/warehouse';
import { benchChunks } from './generate.mjs';

const [engine, dataDir, eventsText, logSampleText] = process.argv.slice(2);
const events = Number(eventsText);
const logSample = Math.min(events, Number(logSampleText));
const HTTP_BATCH = 500;
const STAGE_CHUNK = 50_000;
// On chdb a commit slows down sharply with its size (800k events: 2.4k rows/s; 200k: 38k rows/s).
const COMMIT_EVERY = 250_000;

const peakRssMb = () => Math.round(Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
const receivedAt = Date.now();
function normalized(chunk) {
  return chunk.map((m) => {
    const r = normalizeMessage(m, { receivedAt, source: 'bench' });
    if (!r.ok) throw new Error(`bench generator produced an invalid message: ${r.error.map((x) => x.message).join('; ')}`);
    return r.value;
  });
}

// The log is loaded on flush only (a timer load every second would interleave with the sample).
const store = await EventStore.open({ dataDir, warehouse: { kind: engine === 'duckdb' ? 'duckdb' : 'chdb' }, project: DEFAULT_PROJECT_CONFIG, loadEveryMs: 3_600_000 });
const out = { engine, events, logSample };

let t0 = performance.now();
for (const chunk of benchChunks(0, logSample, HTTP_BATCH)) await store.ingestBatch(normalized(chunk));
await store.flush();
out.logSeconds = (performance.now() - t0) / 1000;

t0 = performance.now();
const commits = [];
for (let from = logSample; from < events; from += COMMIT_EVERY) {
  const to = Math.min(events, from + COMMIT_EVERY);
  const { commit } = await store.bulkLoad(async (tx) => {
    let seq = 0;
    for (const chunk of benchChunks(from, to, STAGE_CHUNK)) {
      await stageEvents(tx, normalized(chunk), seq);
      seq += chunk.length;
    }
  });
  commits.push(commit);
}
out.bulkSeconds = (performance.now() - t0) / 1000;
out.bulk = commits.reduce((a, c) => ({ accepted: a.accepted + c.accepted, duplicates: a.duplicates + c.duplicates, merges: a.merges + c.merges }), { accepted: 0, duplicates: 0, merges: 0 });

// What the engine's background work would reach on its own: DuckDB checkpoints at close; ClickHouse
// merges parts in the background, done here at once so every run reads the same layout.
t0 = performance.now();
if (store.db.dialect.name === 'clickhouse') await store.db.exec('OPTIMIZE TABLE events FINAL');
await store.close();
out.settleSeconds = (performance.now() - t0) / 1000;
out.peakRssMb = peakRssMb();
process.stdout.write(JSON.stringify(out) + '\n');
