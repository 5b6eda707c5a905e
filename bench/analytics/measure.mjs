// One engine's measurements for bench/analytics, in its own process, on the data directory
// ingest.mjs filled: the plain scan, windowFunnel (ClickHouse), then each analysis as the server
// runs it. Per analysis: one warm-up run, then the median of `repeat` runs, and the peak memory of
// the process during those runs (VmHWM reset before each analysis). Prints one JSON line.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openWarehouse } from '@trailmap/warehouse';
import { ANALYSES_UNDER_TEST, SCAN_SQL, windowFunnelSql } from './analyses.mjs';
import { timed as timedRuns } from '../shared/timed.mjs';

const [engine, dataDir, repeatText, onlyText] = process.argv.slice(2);
const only = onlyText ? onlyText.split(',') : null;
const repeat = Number(repeatText);

const timed = (fn) => timedRuns(repeat, fn);

const db = await openWarehouse({ kind: engine === 'duckdb' ? 'duckdb' : 'chdb' }, dataDir);
const [counts] = await db.query('SELECT count(*) AS n, count(DISTINCT person_id) AS people FROM events');
const out = { engine, rows: Number(counts.n), people: Number(counts.people), timings: {} };
if (engine === 'duckdb') {
  // The whole database file after the checkpoint at close (every table).
  out.diskBytes = statSync(join(dataDir, 'trailmap.duckdb')).size;
} else {
  const [d] = await db.query('SELECT sum(bytes_on_disk) AS b FROM system.parts WHERE active AND database = currentDatabase()');
  out.diskBytes = Number(d.b);
}
out.timings.scan = await timed(() => db.query(SCAN_SQL));
if (engine !== 'duckdb') out.timings.windowFunnel = await timed(() => db.query(windowFunnelSql(db.dialect)));
for (const [name, run] of Object.entries(ANALYSES_UNDER_TEST)) {
  if (only && !only.includes(name)) continue;
  try {
    out.timings[name] = await timed(() => run(db));
  } catch (e) {
    out.timings[name] = { error: String(e.message ?? e).split('\n')[0] };
  }
}
await db.close();
process.stdout.write(JSON.stringify(out) + '\n');
