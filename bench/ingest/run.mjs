#!/usr/bin/env node
// bench/ingest — ingestion throughput in one run, each path as a ratio to a baseline measured in
// the same run: HTTP collection against DuckDB's raw appender inserting the same rows; file import
// against DuckDB's own reader loading the same file into a table (read_csv / read_json /
// read_parquet → CREATE TABLE, a fresh database file, default settings).
// Usage: npm run bench:ingest [-- --http-events N (0: skip) --file-rows N --formats csv,jsonl,parquet --repeat R]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_PROJECT_CONFIG } from '@trailmap/core';
import { EventStore, importFile } from '@trailmap/warehouse';
import { makeMessages, writeCsv, writeJsonl } from './data.mjs';

const { values } = parseArgs({
  options: {
    'http-events': { type: 'string', default: '200000' },
    'file-rows': { type: 'string', default: '1000000' },
    'batch-size': { type: 'string', default: '250' },
    concurrency: { type: 'string', default: '8' },
    formats: { type: 'string', default: 'csv,jsonl,parquet' },
    /** Runs per file format; the median run is reported (the machine may be shared). */
    repeat: { type: 'string', default: '1' },
  },
});
const formats = values.formats.split(',').map((f) => f.trim()).filter(Boolean);
for (const f of formats) if (!['csv', 'jsonl', 'parquet'].includes(f)) throw new Error(`--formats: unknown format ${f}`);
const repeat = Math.max(1, Number(values.repeat));
const httpEvents = Number(values['http-events']);
const fileRows = Number(values['file-rows']);
const batchSize = Number(values['batch-size']);
const concurrency = Number(values.concurrency);
const bin = fileURLToPath(new URL('../../bin/trailmap.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'trailmap-bench-'));
const peak = { rss: 0 };
const sample = setInterval(() => (peak.rss = Math.max(peak.rss, process.memoryUsage().rss)), 100);

/** Raw DuckDB appender: the same rows (as staged text columns) into a plain table, one transaction. */
async function appenderBaseline(messages) {
  const db = await DuckDBInstance.create(join(work, `baseline-${messages.length}.duckdb`));
  const c = await db.connect();
  await c.run(`CREATE TABLE raw (message_id VARCHAR, type VARCHAR, event VARCHAR, user_id VARCHAR, anonymous_id VARCHAR, timestamp VARCHAR, properties VARCHAR, context VARCHAR)`);
  const t0 = performance.now();
  await c.run('BEGIN');
  const a = await c.createAppender('raw');
  for (const m of messages) {
    a.appendVarchar(m.messageId);
    a.appendVarchar(m.type);
    a.appendVarchar(m.event);
    m.userId ? a.appendVarchar(m.userId) : a.appendNull();
    m.anonymousId ? a.appendVarchar(m.anonymousId) : a.appendNull();
    a.appendVarchar(m.timestamp);
    a.appendVarchar(JSON.stringify(m.properties));
    a.appendVarchar(JSON.stringify(m.context));
    a.endRow();
  }
  a.flushSync();
  a.closeSync();
  await c.run('COMMIT');
  const seconds = (performance.now() - t0) / 1000;
  c.closeSync();
  db.closeSync();
  return { seconds, perSecond: messages.length / seconds };
}

async function startServer(dataDir, writeKey) {
  const child = spawn(process.execPath, [bin, 'start', '--no-demo', '--data', dataDir], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TRAILMAP_WRITE_KEY: writeKey, TRAILMAP_READ_KEY: 'tm_read_bench_key', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /serving (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  return { child, url };
}

async function benchHttp(messages) {
  const dataDir = join(work, 'http');
  const writeKey = 'tm_write_bench_key';
  const { child, url } = await startServer(dataDir, writeKey);
  const auth = 'Basic ' + Buffer.from(writeKey + ':').toString('base64');
  const bodies = [];
  for (let i = 0; i < messages.length; i += batchSize) bodies.push(JSON.stringify({ batch: messages.slice(i, i + batchSize), sentAt: new Date().toISOString() }));
  let next = 0;
  let accepted = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const res = await fetch(`${url}/v1/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: auth }, body });
        const json = await res.json();
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
        accepted += json.accepted;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  // A read flushes the collection log into DuckDB: the time until then is "queryable".
  const read = await fetch(`${url}/v1/touchpoints`, { headers: { authorization: 'Bearer tm_read_bench_key' } });
  const stored = (await read.json()).touchpoints.reduce((s, t) => s + t.events, 0);
  const loadedSeconds = (performance.now() - t0) / 1000;
  if (stored !== messages.length) throw new Error(`HTTP: ${stored} of ${messages.length} events queryable`);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  if (accepted !== messages.length) throw new Error(`HTTP accepted ${accepted} of ${messages.length}`);
  return { seconds, perSecond: messages.length / seconds, queryablePerSecond: messages.length / loadedSeconds };
}

/** DuckDB's own reader loading the file into a table of a fresh database file: the import's baseline. */
async function readerBaseline(format, path, rows) {
  const db = await DuckDBInstance.create(join(work, `reader-${format}-${Math.random().toString(36).slice(2)}.duckdb`));
  const c = await db.connect();
  try {
    const reader = { csv: 'read_csv', jsonl: 'read_json', parquet: 'read_parquet' }[format];
    const t0 = performance.now();
    await c.run(`CREATE TABLE loaded AS SELECT * FROM ${reader}($1)`, [path]);
    const seconds = (performance.now() - t0) / 1000;
    const n = Number((await c.runAndReadAll('SELECT count(*) AS n FROM loaded')).getRowObjectsJS()[0].n);
    if (n !== rows) throw new Error(`${format} baseline: ${n} of ${rows} rows loaded`);
    return { seconds, perSecond: rows / seconds };
  } finally {
    c.closeSync();
    db.closeSync();
  }
}

/** `trailmap ingest`'s import into a fresh store; also times the commit (dedupe, identity, classification, insert). */
async function benchFile(format, path, rows) {
  const store = await EventStore.open({ path: join(work, `file-${format}-${Math.random().toString(36).slice(2)}.duckdb`), project: DEFAULT_PROJECT_CONFIG });
  try {
    let commitMs = 0;
    const bulkLoad = store.bulkLoad.bind(store);
    store.bulkLoad = async (...args) => {
      const t = performance.now();
      try {
        return await bulkLoad(...args);
      } finally {
        commitMs = performance.now() - t;
      }
    };
    const t0 = performance.now();
    const r = await importFile(store, { path, format });
    const seconds = (performance.now() - t0) / 1000;
    if (r.accepted !== rows || r.rows !== rows) throw new Error(`${format}: accepted ${r.accepted} of ${rows} (quarantined ${r.quarantined}, duplicates ${r.duplicates})`);
    if (r.rows !== r.accepted + r.quarantined + r.duplicates) throw new Error(`${format}: counts do not add up: ${JSON.stringify(r)}`);
    return { seconds, perSecond: rows / seconds, commitSeconds: commitMs / 1000 };
  } finally {
    await store.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * Baseline and import alternately, `repeat` times: medians of each figure, and the ratio as the
 * median of each run's import ÷ its own baseline (on a shared machine the load changes between runs).
 */
async function benchFormat(format, path, rows) {
  const runs = [];
  for (let i = 0; i < repeat; i++) {
    const baseline = await readerBaseline(format, path, rows);
    const imported = await benchFile(format, path, rows);
    runs.push({ ...imported, baselinePerSecond: baseline.perSecond, baselineSeconds: baseline.seconds, vsReader: imported.perSecond / baseline.perSecond });
  }
  const keys = ['seconds', 'perSecond', 'commitSeconds', 'baselinePerSecond', 'baselineSeconds', 'vsReader'];
  return Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r[k]))]));
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
try {
  console.log(
    `bench/ingest: ${httpEvents.toLocaleString('en-US')} events over HTTP (batches of ${batchSize}, ${concurrency} concurrent), ` +
      `${fileRows.toLocaleString('en-US')} rows per file format (${formats.join(', ')}${repeat > 1 ? `, medians of ${repeat} runs, each ratio within its run` : ''})`,
  );
  const results = {};
  if (httpEvents > 0) {
    const httpMessages = makeMessages(httpEvents, 1);
    const httpBase = await appenderBaseline(httpMessages);
    results.http = { ...(await benchHttp(httpMessages)), baselinePerSecond: httpBase.perSecond };
    results.http.vsAppender = results.http.perSecond / httpBase.perSecond;
  }
  const fileMessages = makeMessages(fileRows, 2);
  const paths = { csv: join(work, 'events.csv'), jsonl: join(work, 'events.jsonl'), parquet: join(work, 'events.parquet') };
  writeCsv(paths.csv, fileMessages);
  if (formats.includes('jsonl')) writeJsonl(paths.jsonl, fileMessages);
  if (formats.includes('parquet')) {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT * FROM read_csv('${paths.csv}', all_varchar = true)) TO '${paths.parquet}' (FORMAT parquet)`);
    c.closeSync();
  }
  fileMessages.length = 0;
  for (const format of formats) results[format] = await benchFormat(format, paths[format], fileRows);

  if (results.http) {
    const h = results.http;
    console.log(`\nhttp      ${fmt(h.perSecond).padStart(11)} events/s  ${h.seconds.toFixed(2).padStart(7)} s   raw appender ${fmt(h.baselinePerSecond)} rows/s   ratio ${h.vsAppender.toFixed(2)}×`);
    console.log(`          acknowledged = durable in the collection log (fdatasync); queryable = loaded into DuckDB: ${fmt(h.queryablePerSecond)} events/s`);
  }
  console.log('\nfile      import rows/s   seconds  (commit)   DuckDB reader → table rows/s  seconds   import ÷ reader');
  for (const format of formats) {
    const r = results[format];
    console.log(
      `${format.padEnd(8)}  ${fmt(r.perSecond).padStart(12)}  ${r.seconds.toFixed(2).padStart(7)}  (${r.commitSeconds.toFixed(2).padStart(5)})   ${fmt(r.baselinePerSecond).padStart(27)}  ${r.baselineSeconds.toFixed(2).padStart(7)}   ${r.vsReader.toFixed(2)}×`,
    );
  }
  console.log(`peak RSS of the bench process: ${(peak.rss / 2 ** 20).toFixed(0)} MiB (the HTTP server runs in a child process)`);
  console.log('targets: HTTP ≥ 50,000 events/s; file import ≥ 500,000 rows/s for CSV and Parquet (figures on a shared machine are noisy: compare the ratios)');
  const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([a, b]) => [a, Number(b.toFixed(3))]))]));
  console.log('RESULT ' + JSON.stringify(round(results)));
} finally {
  clearInterval(sample);
  rmSync(work, { recursive: true, force: true });
}
