#!/usr/bin/env node
// bench/ingest — ingestion throughput, each as a ratio to the raw DuckDB appender inserting the
// same rows in the same run. Usage: npm run bench:ingest [-- --http-events N --file-rows N]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  },
});
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

async function benchFile(format, path, rows) {
  const store = await EventStore.open({ path: join(work, `file-${format}.duckdb`), project: DEFAULT_PROJECT_CONFIG });
  try {
    const t0 = performance.now();
    const r = await importFile(store, { path, format });
    const seconds = (performance.now() - t0) / 1000;
    if (r.accepted !== rows) throw new Error(`${format}: accepted ${r.accepted} of ${rows} (quarantined ${r.quarantined}, duplicates ${r.duplicates})`);
    return { seconds, perSecond: rows / seconds };
  } finally {
    await store.close();
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
try {
  console.log(`bench/ingest: ${httpEvents.toLocaleString('en-US')} events over HTTP (batches of ${batchSize}, ${concurrency} concurrent), ${fileRows.toLocaleString('en-US')} rows per file format`);
  const httpMessages = makeMessages(httpEvents, 1);
  const httpBase = await appenderBaseline(httpMessages);
  const http = await benchHttp(httpMessages);
  const fileMessages = makeMessages(fileRows, 2);
  const fileBase = await appenderBaseline(fileMessages);
  const csv = join(work, 'events.csv');
  const jsonl = join(work, 'events.jsonl');
  writeCsv(csv, fileMessages);
  writeJsonl(jsonl, fileMessages);
  const parquet = join(work, 'events.parquet');
  {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT * FROM read_csv('${csv}', all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
    c.closeSync();
  }
  const results = {
    http: { ...http, baselinePerSecond: httpBase.perSecond },
    csv: { ...(await benchFile('csv', csv, fileRows)), baselinePerSecond: fileBase.perSecond },
    jsonl: { ...(await benchFile('jsonl', jsonl, fileRows)), baselinePerSecond: fileBase.perSecond },
    parquet: { ...(await benchFile('parquet', parquet, fileRows)), baselinePerSecond: fileBase.perSecond },
  };
  console.log('\npath      rows/s        seconds   raw appender rows/s   ratio to appender');
  for (const [name, r] of Object.entries(results)) {
    r.vsAppender = r.perSecond / r.baselinePerSecond;
    console.log(`${name.padEnd(8)}  ${fmt(r.perSecond).padStart(11)}  ${r.seconds.toFixed(2).padStart(8)}   ${fmt(r.baselinePerSecond).padStart(19)}   ${r.vsAppender.toFixed(2)}×`);
  }
  console.log(`http: acknowledged = durable in the collection log (fdatasync); queryable = loaded into DuckDB: ${fmt(results.http.queryablePerSecond)} events/s`);
  console.log(`peak RSS of the bench process: ${(peak.rss / 2 ** 20).toFixed(0)} MiB (the HTTP server runs in a child process)`);
  console.log('targets: HTTP ≥ 50,000 events/s, file import ≥ 1,000,000 rows/s');
  const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([a, b]) => [a, Number(b.toFixed(3))]))]));
  console.log('RESULT ' + JSON.stringify(round(results)));
} finally {
  clearInterval(sample);
  rmSync(work, { recursive: true, force: true });
}
