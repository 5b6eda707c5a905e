#!/usr/bin/env node
// bench/analytics — the five analyses (4-step funnel, depth-5 paths, 12-week retention, journey
// map, attribution journeys) on N generated events (N/10 people), on DuckDB and on ClickHouse
// (chdb), end to end from ingested data: the events go through the product's ingestion (a sample
// through the collection log, the rest through the same commit step in bulk; see ingest.mjs),
// then each analysis runs as the server runs it. Per engine: seconds, ratio to that engine's plain
// scan (count(DISTINCT person_id)), ratio to ClickHouse's windowFunnel on the same data, peak
// memory, on-disk size per million events; then the targets, the default the figures choose, and
// a RESULT {json} line.
// Usage: npm run bench:analytics [-- --events N --log-sample N --repeat R --engines duckdb,clickhouse --only funnel,paths --keep]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ANALYSES_UNDER_TEST } from './analyses.mjs';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    'log-sample': { type: 'string', default: '200000' },
    repeat: { type: 'string', default: '3' },
    engines: { type: 'string', default: 'duckdb,clickhouse' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string', default: '' },
  },
});
const events = Number(values.events);
if (!Number.isInteger(events) || events < 10) throw new Error(`--events must be a whole number ≥ 10, got ${values.events}`);
const engines = values.engines.split(',');
for (const e of engines) if (e !== 'duckdb' && e !== 'clickhouse') throw new Error(`--engines takes duckdb and clickhouse (chdb), not ${e}`);
const work = mkdtempSync(join(tmpdir(), 'trailmap-bench-analytics-'));
const TARGET_SECONDS = 2;
const TARGET_VS_SCAN = 3;
const TARGET_FUNNEL_VS_WINDOW_FUNNEL = 1;

function child(script, args) {
  const r = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed with exit code ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

console.log(`bench/analytics: ${events.toLocaleString('en')} events, ${Math.floor(events / 10).toLocaleString('en')} people (work dir ${work})`);
const runs = {};
for (const engine of engines) {
  const dir = join(work, engine);
  mkdirSync(dir);
  const ing = child('./ingest.mjs', [engine, dir, String(events), values['log-sample']]);
  const total = ing.logSeconds + ing.bulkSeconds + ing.settleSeconds;
  console.log(
    `${engine}: ingested ${events.toLocaleString('en')} messages in ${total.toFixed(1)} s — ${ing.logSample.toLocaleString('en')} through the collection log ` +
      `(${Math.round(ing.logSample / ing.logSeconds).toLocaleString('en')}/s), the rest in bulk through the same commit step ` +
      `(${Math.round((events - ing.logSample) / Math.max(ing.bulkSeconds, 1e-9)).toLocaleString('en')}/s), settle ${ing.settleSeconds.toFixed(1)} s; peak RSS ${ing.peakRssMb} MB`,
  );
  runs[engine] = { ingest: ing, ...child('./measure.mjs', [engine, dir, values.repeat, values.only]) };
  const r = runs[engine];
  console.log(`${engine}: ${r.rows.toLocaleString('en')} rows, ${r.people.toLocaleString('en')} people, ${(r.diskBytes / 2 ** 20 / (r.rows / 1e6)).toFixed(1)} MB on disk per million events`);
}

const windowFunnel = runs.clickhouse?.timings.windowFunnel?.seconds;
const fmt = (x, d = 2) => (x === undefined || x === null || Number.isNaN(x) ? '—' : x.toFixed(d));
const rows = [];
const result = { events, engines: {} };
for (const engine of engines) {
  const r = runs[engine];
  const scan = r.timings.scan.seconds;
  const e = (result.engines[engine] = {
    rows: r.rows,
    people: r.people,
    diskMbPerMillion: +(r.diskBytes / 2 ** 20 / (r.rows / 1e6)).toFixed(1),
    ingest: { logRowsPerSecond: Math.round(r.ingest.logSample / r.ingest.logSeconds), bulkRowsPerSecond: Math.round((events - r.ingest.logSample) / Math.max(r.ingest.bulkSeconds, 1e-9)), peakRssMb: r.ingest.peakRssMb },
    scan: { seconds: +scan.toFixed(3), peakRssMb: r.timings.scan.peakRssMb },
    ...(r.timings.windowFunnel ? { windowFunnel: { seconds: +r.timings.windowFunnel.seconds.toFixed(3), peakRssMb: r.timings.windowFunnel.peakRssMb } } : {}),
    analyses: {},
    missed: [],
  });
  for (const name of Object.keys(ANALYSES_UNDER_TEST)) {
    const t = r.timings[name];
    if (!t) continue;
    if (t.error) {
      rows.push([name, engine, 'error', '', '', '', '', t.error]);
      e.missed.push(`${name}: error`);
      continue;
    }
    const a = (e.analyses[name] = { seconds: +t.seconds.toFixed(3), vsScan: +(t.seconds / scan).toFixed(2), vsWindowFunnel: windowFunnel ? +(t.seconds / windowFunnel).toFixed(2) : null, peakRssMb: t.peakRssMb, runs: t.runs });
    const checks = [a.seconds < TARGET_SECONDS ? null : `${name} ${a.seconds} s ≥ ${TARGET_SECONDS} s`, a.vsScan <= TARGET_VS_SCAN ? null : `${name} ${a.vsScan}× scan > ${TARGET_VS_SCAN}×`];
    if (name === 'funnel') checks.push(a.vsWindowFunnel === null ? 'funnel: no windowFunnel measured' : a.vsWindowFunnel <= TARGET_FUNNEL_VS_WINDOW_FUNNEL ? null : `funnel ${a.vsWindowFunnel}× windowFunnel > ${TARGET_FUNNEL_VS_WINDOW_FUNNEL}×`);
    e.missed.push(...checks.filter(Boolean));
    rows.push([name, engine, fmt(a.seconds, 3), fmt(a.vsScan), fmt(a.vsWindowFunnel ?? undefined), String(a.peakRssMb), checks.every((c) => c === null) ? 'yes' : 'NO']);
  }
}
for (const engine of engines) rows.push(['(scan)', engine, fmt(runs[engine].timings.scan.seconds, 3), '1.00', windowFunnel ? fmt(runs[engine].timings.scan.seconds / windowFunnel) : '', String(runs[engine].timings.scan.peakRssMb), '']);
if (windowFunnel) rows.push(['(windowFunnel)', 'clickhouse', fmt(windowFunnel, 3), fmt(windowFunnel / runs.clickhouse.timings.scan.seconds), '1.00', String(runs.clickhouse.timings.windowFunnel.peakRssMb), '']);
const head = ['analysis', 'engine', 'seconds', 'vs scan', 'vs windowFunnel', 'peak RSS MB', 'targets met'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
console.log('\n' + [head, ...rows].map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n'));
console.log(
  `\nmedian of ${values.repeat} warm runs; scan = count(DISTINCT person_id) FROM events on the same engine; windowFunnel = ClickHouse native, same 4 steps and 7-day window.` +
    `\ntargets (default engine): every analysis < ${TARGET_SECONDS} s and ≤ ${TARGET_VS_SCAN}× its engine's scan; the funnel ≤ ${TARGET_FUNNEL_VS_WINDOW_FUNNEL}× windowFunnel.`,
);
// The rule of docs/scale-out.md ("Default engine"): an engine meeting every target; of two, the faster in total; of none, none.
const meeting = engines.filter((e) => result.engines[e].missed.length === 0 && Object.keys(result.engines[e].analyses).length === Object.keys(ANALYSES_UNDER_TEST).length);
const total = (e) => Object.values(result.engines[e].analyses).reduce((s, a) => s + a.seconds, 0);
result.meetsTargets = meeting;
result.default = meeting.length === 0 ? null : meeting.sort((a, b) => total(a) - total(b))[0];
for (const e of engines) if (result.engines[e].missed.length) console.log(`${e} misses: ${result.engines[e].missed.join('; ')}`);
console.log(result.default ? `default by the rule: ${result.default}` : 'default by the rule: no engine meets every target at this size');
if (!values.keep) rmSync(work, { recursive: true, force: true });
console.log(`RESULT ${JSON.stringify(result)}`);
