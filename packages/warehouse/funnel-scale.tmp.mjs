import { DuckDbWarehouse, runFunnel } from '@trailmap/warehouse';
const db = await DuckDbWarehouse.open({ path: ':memory:' });
await db.exec(`ATTACH '/tmp/funnel-demo/trailmap.duckdb' AS demo (READ_ONLY)`);
await db.exec(`CREATE TABLE events AS SELECT e.* REPLACE (e.person_id || '_' || CAST(i AS VARCHAR) AS person_id, e.message_id || '_' || CAST(i AS VARCHAR) AS message_id) FROM demo.events e, range(10) r(i)`);
console.log(await db.query('SELECT count(*) AS n, count(DISTINCT person_id) AS p FROM events'));
const def = { steps: [{ event: 'Product Viewed' }, { event: 'Product Added' }, { event: 'Checkout Started' }, { event: 'Order Completed' }], window: 7 * 86_400_000 };
const t = async (label, fn) => { const t0 = performance.now(); await fn(); console.log(label, (performance.now() - t0).toFixed(0), 'ms'); };
for (let i = 0; i < 2; i++) {
  await t('scan', () => db.query('SELECT count(DISTINCT person_id) FROM events'));
  await t('funnel', () => runFunnel(db, def));
}
import { funnelEntitiesSql, Params } from "@trailmap/warehouse"; import { funnelSchema } from "@trailmap/core";
const p = new Params(db.dialect); const sql = funnelEntitiesSql(funnelSchema.parse(def), p);
const r = await db.query(`EXPLAIN ANALYZE SELECT count(*) FROM (${sql}) x`, p.values); const txt = Object.values(r[0]).join("\n"); console.log(txt.split("\n").filter(l => /[A-Z_]{4,}|rows|[0-9]\.[0-9]+s/.test(l)).join("\n"));
await db.close();
