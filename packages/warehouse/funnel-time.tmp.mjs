import { DuckDbWarehouse, runFunnel } from '@trailmap/warehouse';
const db = await DuckDbWarehouse.open({ path: '/tmp/funnel-demo/trailmap.duckdb', onQuery: (q) => console.log('  query', q.durationMs.toFixed(0), 'ms', q.sql.slice(0, 60).replace(/\s+/g, ' ')) });
const t = async (label, fn) => { const t0 = performance.now(); await fn(); console.log(label, (performance.now() - t0).toFixed(0), 'ms'); };
for (let i = 0; i < 2; i++) {
  await t('scan', () => db.query('SELECT count(DISTINCT person_id) FROM events'));
  await t('funnel', () => runFunnel(db, { steps: [{ event: 'Product Viewed' }, { event: 'Product Added' }, { event: 'Checkout Started' }, { event: 'Order Completed' }], window: 7 * 86_400_000 }));
}
console.log((await db.query('SELECT count(*) AS n FROM events'))[0]);
await db.close();
