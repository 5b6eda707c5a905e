import { clickhouseDialect as d } from '../dialect/clickhouse.dialect.js';
import { columnsDdl, type TableSpec } from '../schema/table-spec.js';

/**
 * Where the store's tables live on ClickHouse. One server (or chdb): plain tables in the session's
 * database. A cluster (`?cluster=NAME`): every table is created `ON CLUSTER`; a table with
 * `shardBy` (events, by person) is a replicated `<name>_local` on each shard plus a Distributed
 * `<name>` over them, so all of one person's events sit on one shard and per-person work (funnels,
 * paths) runs there; the other tables are small and replicated in full to every node.
 */
export interface ClickHouseLayout {
  /** The database, named in cluster DDL (ON CLUSTER runs on nodes whose current database may differ). */
  database: string;
  cluster: string | null;
}

const lit = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const orderBy = (spec: TableSpec) => `ORDER BY (${spec.orderBy.map((c) => d.ident(c)).join(', ')})`;
const family = (spec: TableSpec) => (spec.unique ? 'ReplacingMergeTree' : 'MergeTree');

export const onCluster = (l: ClickHouseLayout) => (l.cluster ? ` ON CLUSTER ${d.ident(l.cluster)}` : '');

/** A table's name in statements: qualified by the database on a cluster. */
export function tableName(l: ClickHouseLayout, name: string): string {
  return l.cluster ? `${d.ident(l.database)}.${d.ident(name)}` : d.ident(name);
}

/** The table that holds the rows (mutations, EXCHANGE): `<name>_local` for a sharded table on a cluster. */
export function storageTable(l: ClickHouseLayout, spec: Pick<TableSpec, 'name' | 'shardBy'>): string {
  return tableName(l, l.cluster && spec.shardBy ? `${spec.name}_local` : spec.name);
}

/** CREATE TABLE statements for one stored table on this layout. */
export function clickhouseTableDdl(l: ClickHouseLayout, spec: TableSpec): string[] {
  const derived = (spec.materialized ?? []).map(([n, k, e]) => `,\n  ${d.ident(n)} ${d.columnType(k)} MATERIALIZED ${e}`).join('');
  const cols = `(\n${columnsDdl(d, spec.columns)}${derived}\n)`;
  if (!l.cluster) return [`CREATE TABLE IF NOT EXISTS ${d.ident(spec.name)} ${cols} ENGINE = ${family(spec)} ${orderBy(spec)}`];
  const on = onCluster(l);
  // {uuid} gives each table its own Keeper path (a re-created table never meets an old replica).
  if (spec.shardBy) {
    const local = `${spec.name}_local`;
    return [
      `CREATE TABLE IF NOT EXISTS ${tableName(l, local)}${on} ${cols} ENGINE = Replicated${family(spec)}('/clickhouse/tables/{uuid}/{shard}', '{replica}') ${orderBy(spec)}`,
      `CREATE TABLE IF NOT EXISTS ${tableName(l, spec.name)}${on} AS ${tableName(l, local)} ENGINE = Distributed(${lit(l.cluster)}, ${lit(l.database)}, ${lit(local)}, cityHash64(${d.ident(spec.shardBy)}))`,
    ];
  }
  // One Keeper path for the whole cluster: every node is a replica holding every row; the replica
  // name joins shard and replica because replica macros are often reused across shards.
  return [`CREATE TABLE IF NOT EXISTS ${tableName(l, spec.name)}${on} ${cols} ENGINE = Replicated${family(spec)}('/clickhouse/tables/{uuid}/all', '{shard}-{replica}') ${orderBy(spec)}`];
}

/** DROP statements for a table made by `clickhouseTableDdl` (SYNC: its Keeper path is gone when this returns). */
export function clickhouseDropDdl(l: ClickHouseLayout, spec: TableSpec): string[] {
  const on = onCluster(l);
  const drop = (name: string) => `DROP TABLE IF EXISTS ${tableName(l, name)}${on}${l.cluster ? ' SYNC' : ''}`;
  return l.cluster && spec.shardBy ? [drop(spec.name), drop(`${spec.name}_local`)] : [drop(spec.name)];
}
