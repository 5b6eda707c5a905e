#!/usr/bin/env node
// bench/analytics — funnel (4 steps), paths (depth 5), retention (12 weeks) and the journey map
// on N generated events (N/10 people), on DuckDB and on ClickHouse (chdb), each as time and as
// ratios to (a) a plain count(DISTINCT person_id) scan of the same table on the same engine and
// (b) ClickHouse's native windowFunnel on the same data, all measured in this run.
// Usage: npm run bench:analytics [-- --events N --repeat R --engines duckdb,clickhouse --only funnel,paths]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeBenchParquet } from './generate.mjs';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    repeat: { type: 'string', default: '3' },
    engines: { type: 'string', default: 'duckdb,clickhouse' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string', default: '' },
  },
});
const events = Number(values.events);
if (!Number.isInteger(events) || events < 10) throw new Error(`--events must be a whole number ≥ 10, got ${values.events}`);
const engines = values.engines.split(',');
const work = mkdtempSync(join(tmpdir(), 'trailmap-bench-analytics-'));
const parquet = join(work, 'events.parquet');

console.log(`bench/analytics: ${events.toLocaleString('en')} events, ${Math.floor(events / 10).toLocaleString('en')} people (work dir ${work})`);
let t0 = performance.now();
await writeBenchParquet(parquet, events);
console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed in the results)`);

const runs = {};
for (const engine of engines) {
  const dir = join(work, engine);
  mkdirSync(dir);
  const child = spawnSync(process.execPath, [fileURLToPath(new URL('./engine.mjs', import.meta.url)), engine, parquet, dir, values.repeat, values.only], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`${engine} run failed with exit code ${child.status}`);
  runs[engine] = JSON.parse(child.stdout.trim().split('\n').pop());
  console.log(`${engine}: loaded ${runs[engine].rows.toLocaleString('en')} rows in ${runs[engine].loadSeconds.toFixed(1)} s`);
}

const windowFunnel = runs.clickhouse?.timings.windowFunnel?.seconds;
const fmt = (x, d = 2) => (x === undefined || x === null || Number.isNaN(x) ? '—' : x.toFixed(d));
const rows = [];
const result = {};
for (const name of ['funnel', 'paths', 'retention', 'journeyMap']) {
  if (values.only && !values.only.split(',').includes(name)) continue;
  for (const engine of engines) {
    const r = runs[engine].timings[name];
    const scan = runs[engine].timings.scan.seconds;
    if (!r || r.error) {
      rows.push([name, engine, 'error', '', '', '', r?.error ?? 'not run']);
      continue;
    }
    const entry = { seconds: +r.seconds.toFixed(3), vsScan: +(r.seconds / scan).toFixed(2), vsWindowFunnel: windowFunnel ? +(r.seconds / windowFunnel).toFixed(2) : null, peakRssMb: r.peakRssMb };
    result[engine === 'duckdb' ? name : `${name}_clickhouse`] = entry;
    rows.push([name, engine, fmt(r.seconds, 3), fmt(entry.vsScan), fmt(entry.vsWindowFunnel ?? undefined), String(r.peakRssMb), r.seconds < 2 ? 'yes' : 'NO']);
  }
}
for (const engine of engines) rows.push(['(scan)', engine, fmt(runs[engine].timings.scan.seconds, 3), '1.00', '', String(runs[engine].timings.scan.peakRssMb), '']);
if (windowFunnel) rows.push(['(windowFunnel)', 'clickhouse', fmt(windowFunnel, 3), fmt(windowFunnel / runs.clickhouse.timings.scan.seconds), '1.00', String(runs.clickhouse.timings.windowFunnel.peakRssMb), '']);
const head = ['analysis', 'engine', 'seconds', 'vs scan', 'vs windowFunnel', 'peak RSS MB', '< 2 s'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
console.log('\n' + [head, ...rows].map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n'));
console.log(`\nmedian of ${values.repeat} warm runs; scan = SELECT count(DISTINCT person_id) FROM events; windowFunnel = ClickHouse native, same 4 steps and 7-day window`);
if (!values.keep) rmSync(work, { recursive: true, force: true });
console.log(`RESULT ${JSON.stringify(result)}`);
