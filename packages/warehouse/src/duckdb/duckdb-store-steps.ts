import type { TouchpointRule } from '@trailmap/core';
import { duckdbDialect as d } from '../dialect/duckdb.dialect.js';
import type { PersonMerge, StoreSteps, TempColumn } from '../engine/store-steps.js';
import { CLASS_CACHE, classifyDistinctInputs, clearClassCache } from '../ingest/classify-step.js';
import { columnsDdl, type TableSpec } from '../schema/table-spec.js';
import { classificationInputsFrom } from '../sql/touchpoint-sql.js';
import type { SqlSession } from '../warehouse.js';

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;
const tempColumns = (columns: readonly TempColumn[]) => columns.map((c) => `${d.ident(c.name)} ${d.columnType(c.kind)}`).join(', ');
/** read_json's type for a column; JSON objects are read as JSON and kept as their text. */
const READ_TYPE = { text: 'VARCHAR', label: 'VARCHAR', json: 'JSON', int: 'BIGINT', double: 'DOUBLE', bool: 'BOOLEAN', timestamp: 'VARCHAR', hash128: 'VARCHAR' } as const;

/** DuckDB: one transaction covers a whole load, so each step is plain SQL (temp tables, UPDATE … FROM). */
export const duckdbStoreSteps: StoreSteps = {
  tableDdl: (spec: TableSpec) => [`CREATE TABLE IF NOT EXISTS ${d.ident(spec.name)} (\n${columnsDdl(d, spec.columns)}\n)`],

  async replaceTemp(s, name, columns) {
    await s.exec(`CREATE OR REPLACE TEMP TABLE ${name} (${tempColumns(columns)})`);
  },
  async replaceTempAs(s, name, select, params = []) {
    await s.exec(`CREATE OR REPLACE TEMP TABLE ${name} AS ${select}`, params);
  },
  async ensureTemp(s, name, columns) {
    await s.exec(`CREATE TEMP TABLE IF NOT EXISTS ${name} (${tempColumns(columns)})`);
  },
  async dropTemp(s, name) {
    await s.exec(`DROP TABLE IF EXISTS ${name}`);
  },

  // The engine parses the file itself.
  async readJsonLines(s, path, name, columns) {
    const types = `{${columns.map((c) => `${sqlText(c.name)}: '${READ_TYPE[c.kind]}'`).join(', ')}}`;
    const select = columns.map((c) => (c.kind === 'json' ? `CAST(${d.ident(c.name)} AS VARCHAR) AS ${d.ident(c.name)}` : d.ident(c.name))).join(', ');
    await s.exec(`
      CREATE OR REPLACE TEMP TABLE ${name} AS
      SELECT ${select} FROM read_json(${sqlText(path)}, format = 'newline_delimited', columns = ${types}, maximum_object_size = 67108864)`);
  },

  async repointPeople(s: SqlSession, merges: readonly PersonMerge[]) {
    await s.exec(`CREATE OR REPLACE TEMP TABLE _repoint (from_person VARCHAR, into_person VARCHAR)`);
    await s.append(
      'temp._repoint',
      [
        { name: 'from_person', kind: 'text' },
        { name: 'into_person', kind: 'text' },
      ],
      merges.map((m) => [m.from, m.into]),
    );
    await s.exec(`UPDATE events SET person_id = m.into_person FROM _repoint m WHERE events.person_id = m.from_person`);
    await s.exec(`UPDATE identities SET person_id = m.into_person FROM _repoint m WHERE identities.person_id = m.from_person`);
  },

  async reclassifyEvents(s: SqlSession, rules: readonly TouchpointRule[]) {
    await clearClassCache(s);
    await s.exec(`CREATE OR REPLACE TEMP TABLE _reclass AS SELECT * FROM ${classificationInputsFrom(d, 'events', 'message_key')} r`);
    await classifyDistinctInputs(s, '_reclass', rules);
    await s.exec(`
      UPDATE events SET touchpoint = n.touchpoint, channel = n.channel, touchpoint_type = n.touchpoint_type, stage = n.stage
        FROM (SELECT r.message_key, c.touchpoint, c.channel, c.touchpoint_type, c.stage
                FROM _reclass r JOIN ${CLASS_CACHE} c ON c._ckey = r._ckey) n
       WHERE events.message_key = n.message_key`);
  },
};
