import { readFile } from 'node:fs/promises';
import type { TouchpointRule } from '@trailmap/core';
import { clickhouseDialect as d } from '../dialect/clickhouse.dialect.js';
import { Params } from '../dialect/dialect.js';
import type { PersonMerge, StoreSteps, TempColumn } from '../engine/store-steps.js';
import { CLASS_CACHE, classifyDistinctInputs, clearClassCache } from '../ingest/classify-step.js';
import { EVENT_COLUMNS, EVENTS_TABLE } from '../schema/migrations.js';
import { classificationInputsFrom } from '../sql/touchpoint-sql.js';
import type { SqlSession } from '../warehouse.js';
import { clickhouseDropDdl, clickhouseTableDdl, onCluster, storageTable, tableName, type ClickHouseLayout } from './clickhouse-layout.js';

/** A ClickHouse session that can take a file's bytes as an INSERT (the server may be on another machine). */
export interface RawInsertSession extends SqlSession {
  insertRaw(table: string, payload: Buffer, format: 'JSONEachRow', settings?: Record<string, string | number>): Promise<void>;
}

function rawInsertSession(s: SqlSession): RawInsertSession {
  if (!('insertRaw' in s)) throw new Error('ClickHouse store steps need a ClickHouse session');
  return s as RawInsertSession;
}

const tempColumns = (columns: readonly TempColumn[]) =>
  columns.map((c) => `${d.ident(c.name)} ${d.nullable(d.columnType(c.kind === 'json' ? 'text' : c.kind))}`).join(', ');

const CLASSIFICATION = ['touchpoint', 'channel', 'touchpoint_type', 'stage'] as const;
/** The reclassified copy of the events table; left over by a crash, it is dropped on the next run. */
const RECLASSIFIED = { ...EVENTS_TABLE, name: 'events_reclassified' };

/**
 * ClickHouse: work tables are the session's TEMPORARY tables (Memory engine); log segments are sent
 * as INSERT … FORMAT JSONEachRow (the server need not see our files); people are re-pointed by
 * copying and deleting rows, and touchpoints re-classified by rewriting the table and swapping it in.
 */
export function clickhouseStoreSteps(layout: ClickHouseLayout): StoreSteps {
  const events = tableName(layout, 'events');
  return {
    tableDdl: (spec) => clickhouseTableDdl(layout, spec),

    async replaceTemp(s, name, columns) {
      await s.exec(`CREATE OR REPLACE TEMPORARY TABLE ${name} (${tempColumns(columns)}) ENGINE = Memory`);
    },
    async replaceTempAs(s, name, select, params = []) {
      await s.exec(`CREATE OR REPLACE TEMPORARY TABLE ${name} ENGINE = Memory AS ${select}`, params);
    },
    async ensureTemp(s, name, columns) {
      await s.exec(`CREATE TEMPORARY TABLE IF NOT EXISTS ${name} (${tempColumns(columns)}) ENGINE = Memory`);
    },
    async dropTemp(s, name) {
      await s.exec(`DROP TEMPORARY TABLE IF EXISTS ${name}`);
    },

    async readJsonLines(s, path, name, columns) {
      await this.replaceTemp(s, name, columns);
      // Objects land in String columns as their JSON text; keys we do not read are skipped (as read_json's `columns` does).
      await rawInsertSession(s).insertRaw(name, await readFile(path), 'JSONEachRow', {
        input_format_json_read_objects_as_strings: 1,
        input_format_skip_unknown_fields: 1,
        input_format_allow_errors_num: 0,
        input_format_allow_errors_ratio: 0,
      });
    },

    /**
     * `person_id` is in the sort key, and ClickHouse cannot UPDATE a key column, so a merged
     * person's events are copied under the surviving person and the old rows deleted (lightweight
     * DELETE). The copy skips rows already copied, so a re-run after a crash between the two
     * statements neither loses nor doubles an event. On a cluster the copy goes through the
     * Distributed table, which puts it on the survivor's shard (the two people may live on
     * different shards), and the delete runs on every shard; between the two, a query may count
     * the moved events twice, never zero times. Identities are not in the sort key: one mutation,
     * waited for (`mutations_sync = 2`: on every replica).
     */
    async repointPeople(s: SqlSession, merges: readonly PersonMerge[]) {
      const p = new Params(d);
      const froms = p.add(merges.map((m) => m.from));
      const intos = p.add(merges.map((m) => m.into));
      const cols = EVENT_COLUMNS.map(([n]) => d.ident(n));
      const moved = EVENT_COLUMNS.map(([n]) => (n === 'person_id' ? `transform(person_id, ${froms}, ${intos}, person_id)` : d.ident(n)));
      const notIn = layout.cluster ? 'GLOBAL NOT IN' : 'NOT IN';
      await s.exec(
        `INSERT INTO ${events} (${cols.join(', ')})
         SELECT ${moved.join(', ')} FROM ${events}
          WHERE person_id IN ${froms} AND message_key ${notIn} (SELECT message_key FROM ${events} WHERE person_id IN ${intos})`,
        p.values,
      );
      await s.exec(`DELETE FROM ${storageTable(layout, EVENTS_TABLE)}${onCluster(layout)} WHERE person_id IN ${froms}`, p.values);
      await s.exec(
        `ALTER TABLE ${tableName(layout, 'identities')} UPDATE person_id = transform(person_id, ${froms}, ${intos}, person_id)
          WHERE person_id IN ${froms} SETTINGS mutations_sync = 2`,
        p.values,
      );
    },

    /**
     * A new classification for every event: the table is rewritten into `events_reclassified`
     * joined to the classified input tuples (few), then swapped in with EXCHANGE TABLES (atomic;
     * readers see the old or the new table). A crash before the swap leaves the old table in use
     * and the rules hash unchanged, so the next start does it again; the copy left over is dropped.
     */
    async reclassifyEvents(s: SqlSession, rules: readonly TouchpointRule[]) {
      const kept = EVENT_COLUMNS.map(([n]) => n).filter((n) => n !== 'type' && !(CLASSIFICATION as readonly string[]).includes(n));
      const inputs = classificationInputsFrom(d, events, kept.map((n) => d.ident(n)).join(', '));
      await clearClassCache(s);
      await classifyDistinctInputs(s, inputs, rules);
      for (const stmt of clickhouseDropDdl(layout, RECLASSIFIED)) await s.exec(stmt);
      for (const stmt of clickhouseTableDdl(layout, RECLASSIFIED)) await s.exec(stmt);
      const select = EVENT_COLUMNS.map(([n]) => ((CLASSIFICATION as readonly string[]).includes(n) ? `c.${d.ident(n)}` : `i.${d.ident(n)}`));
      await s.exec(`
        INSERT INTO ${tableName(layout, RECLASSIFIED.name)} (${EVENT_COLUMNS.map(([n]) => d.ident(n)).join(', ')})
        SELECT ${select.join(', ')} FROM ${inputs} i JOIN ${CLASS_CACHE} c ON c._ckey = i._ckey`);
      await s.exec(`EXCHANGE TABLES ${storageTable(layout, EVENTS_TABLE)} AND ${storageTable(layout, RECLASSIFIED)}${onCluster(layout)}`);
      for (const stmt of clickhouseDropDdl(layout, RECLASSIFIED)) await s.exec(stmt);
    },
  };
}
