// One engine's half of bench/analytics, in its own process (chdb binds one data directory per
// process, and peak memory is then per engine). Prints one JSON line on stdout.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChdbWarehouse, DuckDbWarehouse, migrate } from '@trailmap/warehouse';
import { ANALYSES_UNDER_TEST } from './analyses.mjs';

const [engine, parquet, work, repeatText, onlyText] = process.argv.slice(2);
const only = onlyText ? onlyText.split(',') : null;
const repeat = Number(repeatText ?? 3);

const peakRssMb = () => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : Math.round(process.memoryUsage().rss / 2 ** 20);
};

async function timed(fn) {
  const times = [];
  let result;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(times.length / 2)], runs: times, peakRssMb: peakRssMb(), result };
}

const wh = engine === 'duckdb' ? await DuckDbWarehouse.open({ path: join(work, 'bench.duckdb') }) : await ChdbWarehouse.open({ path: join(work, 'chdb') });
await migrate(wh);
const lit = parquet.replace(/'/g, "''");
const t0 = performance.now();
await wh.exec(engine === 'duckdb' ? `INSERT INTO events SELECT * FROM read_parquet('${lit}')` : `INSERT INTO events SELECT * FROM file('${lit}', Parquet)`);
if (engine === 'clickhouse') await wh.exec('OPTIMIZE TABLE events FINAL');
const loadSeconds = (performance.now() - t0) / 1000;
const [{ n }] = await wh.query('SELECT count(*) AS n FROM events');

const out = { engine, rows: Number(n), loadSeconds, timings: {} };
out.timings.scan = await timed(() => wh.query('SELECT count(DISTINCT person_id) AS people FROM events'));
if (engine === 'clickhouse') {
  // ClickHouse's own windowFunnel on the same 4 steps and 7-day window: the native baseline.
  out.timings.windowFunnel = await timed(() =>
    wh.query(`SELECT level, count() AS people FROM (
      SELECT person_id, windowFunnel(604800000)(toUInt64(toUnixTimestamp64Milli(timestamp)),
        coalesce(event, name, type) = 'Product Viewed', coalesce(event, name, type) = 'Cart Added',
        coalesce(event, name, type) = 'Checkout Started', coalesce(event, name, type) = 'Order Completed') AS level
      FROM events GROUP BY person_id) GROUP BY level ORDER BY level`),
  );
}
for (const [name, run] of Object.entries(ANALYSES_UNDER_TEST)) {
  if (only && !only.includes(name)) continue;
  try {
    out.timings[name] = await timed(() => run(wh));
  } catch (e) {
    out.timings[name] = { error: String(e.message ?? e).split('\n')[0] };
  }
}
for (const t of Object.values(out.timings)) if (t.result !== undefined) t.result = JSON.stringify(t.result).slice(0, 300);
await wh.close();
process.stdout.write(JSON.stringify(out) + '\n');
