import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickhouseDialect, clickhouseStoreSteps, clickhouseTableDdl, EVENTS_TABLE, MIGRATIONS, type SqlSession } from '../src/index.js';

// A ClickHouse cluster cannot run on this machine (docs/scale-out.md): the statements Trailmap sends
// to one are asserted as text (Kysely style); the same code on one server runs for real on chdb.

const cluster = { database: 'analytics', cluster: 'tm' };
const single = { database: 'trailmap', cluster: null };
const flat = (sql: string) => sql.replace(/\s+/g, ' ').trim();

/** A session that keeps the statements it is given (and answers queries with nothing new to classify). */
function recorder(layout: typeof cluster) {
  const statements: Array<{ sql: string; params: readonly unknown[] }> = [];
  const s: SqlSession = {
    dialect: clickhouseDialect,
    steps: clickhouseStoreSteps(layout),
    exec: async (sql, params = []) => void statements.push({ sql: flat(sql), params }),
    query: async <T extends object>() => [{ n: 0 }] as unknown as T[],
    append: async () => undefined,
  };
  return { s, statements };
}

const EVENT_COLUMNS_DDL =
  "( `message_key` UInt128 NOT NULL, `message_id` String NOT NULL, `type` LowCardinality(String) NOT NULL, `event` LowCardinality(Nullable(String)), `name` LowCardinality(Nullable(String)), `person_id` String NOT NULL, `user_id` Nullable(String), `anonymous_id` Nullable(String), `group_id` Nullable(String), `previous_id` Nullable(String), `timestamp` DateTime64(3, 'UTC') NOT NULL, `original_timestamp` Nullable(DateTime64(3, 'UTC')), `sent_at` Nullable(DateTime64(3, 'UTC')), `received_at` DateTime64(3, 'UTC') NOT NULL, `properties` String NOT NULL, `traits` String NOT NULL, `context` String NOT NULL, `touchpoint` LowCardinality(String) NOT NULL, `channel` LowCardinality(String) NOT NULL, `touchpoint_type` LowCardinality(String) NOT NULL, `stage` LowCardinality(String) NOT NULL, `source` LowCardinality(String) NOT NULL, `label` LowCardinality(String) MATERIALIZED coalesce(event, name, type) )";

test('on a cluster, events are a replicated local table per shard and a Distributed table sharded by person', () => {
  assert.deepEqual(clickhouseTableDdl(cluster, EVENTS_TABLE).map(flat), [
    `CREATE TABLE IF NOT EXISTS \`analytics\`.\`events_local\` ON CLUSTER \`tm\` ${EVENT_COLUMNS_DDL} ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/{shard}', '{replica}') ORDER BY (\`person_id\`, \`timestamp\`, \`message_key\`)`,
    "CREATE TABLE IF NOT EXISTS `analytics`.`events` ON CLUSTER `tm` AS `analytics`.`events_local` ENGINE = Distributed('tm', 'analytics', 'events_local', cityHash64(`person_id`))",
  ]);
});

test('on a cluster, every other table is replicated in full to every node; on one server, plain (Replacing)MergeTree', () => {
  const [, identities, merges] = MIGRATIONS[0]!.tables;
  assert.deepEqual(clickhouseTableDdl(cluster, identities!).map(flat), [
    "CREATE TABLE IF NOT EXISTS `analytics`.`identities` ON CLUSTER `tm` ( `identity` String NOT NULL, `person_id` String NOT NULL, `first_seen` DateTime64(3, 'UTC') NOT NULL ) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{uuid}/all', '{shard}-{replica}') ORDER BY (`identity`)",
  ]);
  assert.deepEqual(clickhouseTableDdl(cluster, merges!).map(flat), [
    "CREATE TABLE IF NOT EXISTS `analytics`.`identity_merges` ON CLUSTER `tm` ( `from_person` String NOT NULL, `into_person` String NOT NULL, `message_id` String NOT NULL, `merged_at` DateTime64(3, 'UTC') NOT NULL ) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{uuid}/all', '{shard}-{replica}') ORDER BY (`merged_at`)",
  ]);
  assert.deepEqual(clickhouseTableDdl(single, EVENTS_TABLE).map(flat), [
    `CREATE TABLE IF NOT EXISTS \`events\` ${EVENT_COLUMNS_DDL} ENGINE = ReplacingMergeTree ORDER BY (\`person_id\`, \`timestamp\`, \`message_key\`)`,
  ]);
  // Every table of every migration is created ON CLUSTER with a replicated engine.
  for (const m of MIGRATIONS) {
    for (const spec of m.tables) {
      for (const stmt of clickhouseTableDdl(cluster, spec)) assert.match(stmt, /^CREATE TABLE IF NOT EXISTS `analytics`\.`\w+` ON CLUSTER `tm` .*ENGINE = (Replicated(Replacing)?MergeTree|Distributed)\(/s, stmt);
    }
  }
});

test('a merge of two people on different shards: copied through the Distributed table to the survivor’s shard, deleted on every shard, identities by one replicated mutation', async () => {
  const { s, statements } = recorder(cluster);
  await s.steps.repointPeople(s, [
    { from: 'p_a', into: 'p_b' },
    { from: 'p_c', into: 'p_b' },
  ]);
  const cols = EVENTS_TABLE.columns.map(([n]) => `\`${n}\``);
  const moved = cols.map((c) => (c === '`person_id`' ? 'transform(person_id, {p0:Array(String)}, {p1:Array(String)}, person_id)' : c));
  const params = [['p_a', 'p_c'], ['p_b', 'p_b']];
  assert.deepEqual(statements, [
    {
      sql: `INSERT INTO \`analytics\`.\`events\` (${cols.join(', ')}) SELECT ${moved.join(', ')} FROM \`analytics\`.\`events\` WHERE person_id IN {p0:Array(String)} AND message_key GLOBAL NOT IN (SELECT message_key FROM \`analytics\`.\`events\` WHERE person_id IN {p1:Array(String)})`,
      params,
    },
    { sql: 'DELETE FROM `analytics`.`events_local` ON CLUSTER `tm` WHERE person_id IN {p0:Array(String)}', params },
    { sql: 'ALTER TABLE `analytics`.`identities` UPDATE person_id = transform(person_id, {p0:Array(String)}, {p1:Array(String)}, person_id) WHERE person_id IN {p0:Array(String)} SETTINGS mutations_sync = 2', params },
  ]);
});

test('re-classification on a cluster rewrites into a sharded copy and swaps the local tables ON CLUSTER', async () => {
  const { s, statements } = recorder(cluster);
  await s.steps.reclassifyEvents(s, []);
  const sqls = statements.map((x) => x.sql);
  assert.deepEqual(
    sqls.filter((x) => !x.startsWith('CREATE TABLE') && !x.startsWith('INSERT')),
    [
      'DROP TEMPORARY TABLE IF EXISTS _class_cache',
      'CREATE TEMPORARY TABLE IF NOT EXISTS _class_cache (`_ckey` Nullable(UInt128), `touchpoint` Nullable(String), `channel` Nullable(String), `touchpoint_type` Nullable(String), `stage` Nullable(String)) ENGINE = Memory',
      'DROP TABLE IF EXISTS `analytics`.`events_reclassified` ON CLUSTER `tm` SYNC',
      'DROP TABLE IF EXISTS `analytics`.`events_reclassified_local` ON CLUSTER `tm` SYNC',
      'EXCHANGE TABLES `analytics`.`events_local` AND `analytics`.`events_reclassified_local` ON CLUSTER `tm`',
      'DROP TABLE IF EXISTS `analytics`.`events_reclassified` ON CLUSTER `tm` SYNC',
      'DROP TABLE IF EXISTS `analytics`.`events_reclassified_local` ON CLUSTER `tm` SYNC',
    ],
  );
  const creates = sqls.filter((x) => x.startsWith('CREATE TABLE'));
  assert.equal(creates.length, 2);
  assert.match(creates[0]!, /^CREATE TABLE IF NOT EXISTS `analytics`\.`events_reclassified_local` ON CLUSTER `tm` .* ENGINE = ReplicatedReplacingMergeTree\('\/clickhouse\/tables\/\{uuid\}\/\{shard\}', '\{replica\}'\)/);
  assert.equal(creates[1], "CREATE TABLE IF NOT EXISTS `analytics`.`events_reclassified` ON CLUSTER `tm` AS `analytics`.`events_reclassified_local` ENGINE = Distributed('tm', 'analytics', 'events_reclassified_local', cityHash64(`person_id`))");
  const [insert] = sqls.filter((x) => x.startsWith('INSERT'));
  assert.match(insert!, /^INSERT INTO `analytics`\.`events_reclassified` \(.*\) SELECT .* FROM \( SELECT .* FROM `analytics`\.`events` .* JOIN _class_cache c ON c\._ckey = i\._ckey$/);
});
