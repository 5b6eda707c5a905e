#!/usr/bin/env node
// bench/customers — know-the-customer at scale: five computed traits and RFM over every person
// (N/10 people), one segment rule over all N events, on DuckDB and on ClickHouse (chdb), each
// with its ratio to that engine's plain scan (count(DISTINCT person_id)) on the same data; then
// k-means (k = 5, k-means++, one restart) on `points` × 10 features and the BG/NBD fit on
// `customers` simulated customers, each with its ratio to one plain pass over the same data.
// The events are those of bench/analytics, ingested through the product (its ingest.mjs).
// Usage: npm run bench:customers [-- --events N --points N --customers N --repeat R --engines duckdb,clickhouse --keep]
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000000' },
    points: { type: 'string', default: '1000000' },
    customers: { type: 'string', default: '100000' },
    'log-sample': { type: 'string', default: '100000' },
    repeat: { type: 'string', default: '3' },
    engines: { type: 'string', default: 'duckdb,clickhouse' },
    keep: { type: 'boolean', default: false },
  },
});
for (const k of ['events', 'points', 'customers', 'repeat']) {
  if (!/^[1-9][0-9]*$/.test(values[k])) throw new Error(`--${k} must be a whole number ≥ 1, got ${values[k]}`);
}
const engines = values.engines.split(',');
for (const e of engines) if (e !== 'duckdb' && e !== 'clickhouse') throw new Error(`--engines takes duckdb and clickhouse (chdb), not ${e}`);
const events = Number(values.events);
const work = mkdtempSync(join(tmpdir(), 'trailmap-bench-customers-'));

function child(script, args) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')} failed with exit code ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
const s = (t) => (t.error ? `error: ${t.error}` : `${t.seconds.toFixed(3)} s`);
const ratio = (a, b) => +(a.seconds / b.seconds).toFixed(2);

console.log(`bench/customers: ${events.toLocaleString('en')} events, ${Math.floor(events / 10).toLocaleString('en')} people; k-means on ${Number(values.points).toLocaleString('en')} × 10; BG/NBD on ${Number(values.customers).toLocaleString('en')} customers (work dir ${work})`);
const result = { events, engines: {}, models: null };
try {
  for (const engine of engines) {
    const dir = join(work, engine);
    mkdirSync(dir);
    const ing = child('../analytics/ingest.mjs', [engine, dir, String(events), values['log-sample']]);
    console.log(`${engine}: ingested in ${(ing.logSeconds + ing.bulkSeconds + ing.settleSeconds).toFixed(1)} s`);
    const m = child('./measure.mjs', [engine, dir, values.repeat]);
    const e = (result.engines[engine] = { rows: m.rows, people: m.people, sizes: m.sizes, scanSeconds: +m.timings.scan.seconds.toFixed(3), steps: {} });
    console.log(`${engine}: ${m.rows.toLocaleString('en')} rows, ${m.people.toLocaleString('en')} people; plain scan ${s(m.timings.scan)}`);
    for (const step of ['computedTraits', 'rfm', 'segment']) {
      const t = m.timings[step];
      e.steps[step] = { seconds: +t.seconds.toFixed(3), runs: t.runs, vsScan: ratio(t, m.timings.scan), peakRssMb: t.peakRssMb };
      console.log(`  ${step.padEnd(15)} ${s(t).padStart(10)}  ×${e.steps[step].vsScan} the scan  peak ${t.peakRssMb} MB`);
    }
    console.log(`  sizes: ${JSON.stringify(m.sizes)}`);
  }
  const md = child('./models.mjs', [values.points, values.customers, values.repeat]);
  result.models = {
    kmeans: { points: md.points, dims: md.dims, seconds: +md.timings.kmeans.seconds.toFixed(3), runs: md.timings.kmeans.runs, vsPass: ratio(md.timings.kmeans, md.timings.kmeansPass), peakRssMb: md.timings.kmeans.peakRssMb },
    bgnbd: { customers: md.customers, seconds: +md.timings.bgnbd.seconds.toFixed(3), runs: md.timings.bgnbd.runs, vsLikelihood: ratio(md.timings.bgnbd, md.timings.bgnbdPass), truth: md.truth, fitted: md.bgnbd },
  };
  console.log(`k-means ${md.points.toLocaleString('en')} × 10, k = 5: ${s(md.timings.kmeans)} (×${result.models.kmeans.vsPass} one pass over the points)`);
  const f = md.bgnbd;
  console.log(
    `BG/NBD on ${md.customers.toLocaleString('en')} customers: ${s(md.timings.bgnbd)} (×${result.models.bgnbd.vsLikelihood} one likelihood evaluation); ` +
      `r ${f.r.toFixed(3)} α ${f.alpha.toFixed(3)} a ${f.a.toFixed(3)} b ${f.b.toFixed(3)} (truth ${JSON.stringify(md.truth)}), converged ${f.converged}`,
  );
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
console.log(`RESULT ${JSON.stringify(result)}`);
