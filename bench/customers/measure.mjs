// One engine's measurements for bench/customers, in its own process, on a data directory that
// bench/analytics/ingest.mjs filled: the plain scan, then computed traits and RFM over every
// person, and one segment rule over every event, each as the server runs it. Per step: one
// warm-up run, then the median of `repeat` runs. Prints one JSON line.
import { openWarehouse, runRfm, computedTraitsFromWarehouse, segmentPreview } from '@trailmap/warehouse';
import { computedTraitDefinitionSchema, rfmDefinitionSchema, segmentRuleSchema } from '@trailmap/core';
import { SCAN_SQL } from '../analytics/analyses.mjs';
import { timed } from '../shared/timed.mjs';

const [engine, dataDir, repeatText] = process.argv.slice(2);
const repeat = Number(repeatText);
const db = await openWarehouse({ kind: engine === 'duckdb' ? 'duckdb' : 'chdb' }, dataDir);
const [counts] = await db.query('SELECT count(*) AS n, count(DISTINCT person_id) AS people FROM events');
const [last] = await db.query(`SELECT max(timestamp) AS t FROM events`);
const asOfMs = new Date(last.t).getTime() + 1;

// Five traits a CX team would define first; the batch query computes them in one scan.
const traits = [
  { key: 'orders', name: 'Orders', aggregate: 'count', event: 'Order Completed' },
  { key: 'revenue', name: 'Revenue', aggregate: 'sum', event: 'Order Completed', property: 'revenue' },
  { key: 'orders-90d', name: 'Orders in 90 days', aggregate: 'count', event: 'Order Completed', window: '90d' },
  { key: 'days-since-visit', name: 'Days since last visit', aggregate: 'days_since_last', event: 'Home' },
  { key: 'top-plan', name: 'Most frequent plan', aggregate: 'most_frequent', event: 'Order Completed', property: 'plan' },
].map((d) => computedTraitDefinitionSchema.parse(d));
const rfm = rfmDefinitionSchema.parse({ purchase: 'Order Completed', value: 'revenue' });
const rule = segmentRuleSchema.parse({
  all: [{ performed: { event: 'Order Completed' }, atLeast: 1 }, { trait: 'plan', op: 'in', value: ['gold', 'silver'] }, { not: { performed: { event: 'Email Opened' }, within: '30d' } }],
});

const out = { engine, rows: Number(counts.n), people: Number(counts.people), timings: {}, sizes: {} };
out.timings.scan = await timed(repeat, () => db.query(SCAN_SQL));
out.timings.computedTraits = await timed(repeat, async () => {
  const m = await computedTraitsFromWarehouse(db, traits, asOfMs);
  out.sizes.computedTraitRows = [...m.values()].reduce((s, r) => s + r.length, 0);
});
out.timings.rfm = await timed(repeat, async () => {
  const r = await runRfm(db, rfm);
  out.sizes.rfmCustomers = r.customers;
});
out.timings.segment = await timed(repeat, async () => {
  const r = await segmentPreview(db, rule, asOfMs, 10);
  out.sizes.segmentMembers = r.count;
});
await db.close();
process.stdout.write(JSON.stringify(out) + '\n');
