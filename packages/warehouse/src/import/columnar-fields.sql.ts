import type { Params } from '../dialect/dialect.js';
import type { PlannedColumn } from './column-mapping.js';
import { dottedObjectSql, type DottedEntry } from './dotted-json.sql.js';
import { jsonCellKindSql, minifiedJsonSql } from './json-text.sql.js';
import { DOTTED_ROOTS, isObjectField, TIMESTAMP_FIELDS, type SegmentField } from './segment-fields.js';

/** A file column (CSV or Parquet) with SQL for its cell and its DuckDB type. */
export interface SourceColumn extends PlannedColumn {
  cell: string;
  type: string;
}

type FieldSql = { kind: string; text: string };
type TypeClass = 'string' | 'json' | 'bool' | 'int' | 'float' | 'time' | 'object' | 'list' | 'other';

function typeClass(type: string): TypeClass {
  const t = type.toUpperCase();
  if (t === 'VARCHAR' || t === 'UUID' || t.startsWith('ENUM')) return 'string';
  if (t === 'JSON') return 'json';
  if (t === 'BOOLEAN') return 'bool';
  // A DECIMAL without fraction digits (DECIMAL(38,0) ids) is an integer: its digits are kept exactly.
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(t) || /^DECIMAL\(\d+, ?0\)$/.test(t)) return 'int';
  if (/^(FLOAT|DOUBLE|DECIMAL)/.test(t)) return 'float';
  if (/^(TIMESTAMP|DATE)/.test(t)) return 'time';
  if (/\]$/.test(t)) return 'list';
  if (/^(STRUCT|MAP)/.test(t)) return 'object';
  return 'other';
}

const isoText = (cell: string) => `strftime(CAST(${cell} AS TIMESTAMP), '%Y-%m-%dT%H:%M:%S.%gZ')`;
const present = (cell: string, kind: string) => `CASE WHEN ${cell} IS NULL THEN NULL ELSE ${kind} END`;

/** Kind and text of a cell used as a scalar field (type, userId, timestamp, …). */
function scalar(cell: string, cls: TypeClass, type: string, timeField = false): FieldSql {
  switch (cls) {
    case 'string':
      return { kind: present(cell, `'string'`), text: `CAST(${cell} AS VARCHAR)` };
    case 'json':
      return { kind: present(cell, `_imp_json_kind(CAST(${cell} AS VARCHAR))`), text: `_imp_json_text(CAST(${cell} AS VARCHAR), _imp_json_kind(CAST(${cell} AS VARCHAR)))` };
    case 'bool':
      return { kind: present(cell, `'boolean'`), text: `CAST(${cell} AS VARCHAR)` };
    case 'int':
      return { kind: present(cell, `'number'`), text: `CAST(${cell} AS VARCHAR)` };
    case 'float':
      return {
        kind: present(cell, `CASE WHEN isfinite(${asDouble(cell, type)}) THEN 'number' ELSE 'other' END`),
        text: `_imp_js_number(CAST(${asDouble(cell, type)} AS VARCHAR))`,
      };
    case 'time':
      // A typed time in a time field is checked as a time (the storable range), not re-parsed as text.
      return { kind: present(cell, timeField ? `'timestamp'` : `'string'`), text: isoText(cell) };
    case 'object':
      return { kind: present(cell, `'object'`), text: `CAST(to_json(${cell}) AS VARCHAR)` };
    case 'list':
      return { kind: present(cell, `'array'`), text: `CAST(to_json(${cell}) AS VARCHAR)` };
    case 'other':
      return { kind: present(cell, `'other'`), text: 'CAST(NULL AS VARCHAR)' };
  }
}

/**
 * Kind and text of a whole properties/traits/context column: JSON text in CSV, a struct or map in
 * Parquet. JSON text is parsed once, into `minified` (a prelude column, see minifiedJsonSql).
 */
function objectColumn(cell: string, cls: TypeClass, type: string, minified: string): FieldSql {
  if (cls !== 'string' && cls !== 'json') return scalar(cell, cls, type);
  const text = `CAST(${cell} AS VARCHAR)`;
  const kind = jsonCellKindSql(text, minified);
  return { kind, text: `CASE WHEN ${kind} = 'object' THEN ${minified} END` };
}

/**
 * A FLOAT (REAL) cell as a DOUBLE with the value it was written as: 0.1f is 0.1, not the
 * 0.10000000149011612 a plain cast gives (DuckDB writes a FLOAT with its shortest digits).
 */
const asDouble = (cell: string, type: string) => (/^(FLOAT|REAL|FLOAT4)$/i.test(type) ? `CAST(CAST(${cell} AS VARCHAR) AS DOUBLE)` : `CAST(${cell} AS DOUBLE)`);

/**
 * JSON text of a cell placed at a dotted path; NULL leaves the key out. CSV text cells are typed by
 * inference. Parquet values keep what they say: a DECIMAL its digits, a DATE its day (2024-05-01),
 * a TIMESTAMP its microseconds when it has any.
 */
function dottedValue(cell: string, cls: TypeClass, inferText: boolean, type: string): string {
  switch (cls) {
    case 'string':
      return inferText ? `_imp_csv_cell_json(${cell})` : `CAST(to_json(CAST(${cell} AS VARCHAR)) AS VARCHAR)`;
    case 'json':
      return `CAST(${cell} AS VARCHAR)`;
    case 'bool':
    case 'int':
      return `CAST(${cell} AS VARCHAR)`;
    case 'float':
      if (/^DECIMAL/i.test(type)) return `CAST(${cell} AS VARCHAR)`;
      return `CASE WHEN isfinite(${asDouble(cell, type)}) THEN _imp_js_number(CAST(${asDouble(cell, type)} AS VARCHAR)) END`;
    case 'time': {
      if (/^DATE$/i.test(type)) return `CASE WHEN isfinite(${cell}) THEN CAST(to_json(strftime(${cell}, '%Y-%m-%d')) AS VARCHAR) ELSE CAST(to_json(CAST(${cell} AS VARCHAR)) AS VARCHAR) END`;
      const ts = `CAST(${cell} AS TIMESTAMP)`;
      return `CAST(to_json(CASE WHEN isfinite(${ts}) AND microsecond(${ts}) % 1000 <> 0 THEN strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%fZ') ELSE ${isoText(cell)} END) AS VARCHAR)`;
    }
    default:
      return `CAST(to_json(${cell}) AS VARCHAR)`;
  }
}

/**
 * A text cell equal to one of the file's null markers (`--null NA`) reads as NULL, like an empty
 * cell. The markers are bound once and the list reused.
 */
export function nullMarkedSql(cell: string, markerList: string | null): string {
  return markerList === null ? cell : `CASE WHEN ${cell} IN (${markerList}) THEN NULL ELSE ${cell} END`;
}

/** The cell SQL of a planned column: its value bound for a constant, else the file's cell. */
export const cellOf = (pc: PlannedColumn, fileCell: string, p: Params) => (pc.constant !== undefined ? `CAST(${p.add(pc.constant)} AS VARCHAR)` : fileCell);

/** The bound list of null markers for nullMarkedSql (null when there are none). */
export const markerListSql = (markers: readonly string[] | undefined, p: Params) => (markers?.length ? markers.map((m) => p.add(m)).join(', ') : null);

/**
 * Field SQL for the columns of a CSV or Parquet file. Dotted columns are built into objects in an
 * inner select (`prelude`, columns `_dot_<root>`) and merged over a whole properties/traits/context
 * column when the file has both (the dotted values win). A constant (`--set`) is a text cell with
 * the same value in every row, its dotted values typed as CSV text is; null markers apply to the
 * file's text cells, never to constants.
 */
export function columnarFields(columns: readonly SourceColumn[], p: Params, opts: { inferText: boolean; nullMarkers?: readonly string[] | undefined }) {
  const fields: Partial<Record<SegmentField, FieldSql>> = {};
  const sources: Partial<Record<SegmentField, string>> = {};
  const dotted = new Map<string, DottedEntry[]>();
  const markers = markerListSql(opts.nullMarkers, p);
  const prelude: string[] = [];
  for (const source of columns) {
    const cls = typeClass(source.type);
    const constant = source.constant !== undefined;
    const col = constant || (cls !== 'string' && cls !== 'json') ? source : { ...source, cell: nullMarkedSql(source.cell, markers) };
    if (col.target.kind === 'field') {
      const f = col.target.field;
      if (isObjectField(f) && (cls === 'string' || cls === 'json')) prelude.push(`${minifiedJsonSql(`CAST(${col.cell} AS VARCHAR)`)} AS _min_${f}`);
      fields[f] = isObjectField(f) ? objectColumn(col.cell, cls, col.type, `_min_${f}`) : scalar(col.cell, cls, col.type, (TIMESTAMP_FIELDS as readonly string[]).includes(f));
      if (!constant) sources[f] = col.column;
    } else {
      const list = dotted.get(col.target.root) ?? [];
      list.push({ path: col.target.path, json: dottedValue(col.cell, cls, opts.inferText || constant, col.type) });
      dotted.set(col.target.root, list);
    }
  }
  for (const root of DOTTED_ROOTS) {
    const entries = dotted.get(root);
    if (!entries) continue;
    const built = `_dot_${root}`;
    prelude.push(`${dottedObjectSql(entries, p)} AS ${built}`);
    const own = fields[root];
    fields[root] = own
      ? {
          kind: `CASE WHEN ${own.kind} IS NULL AND ${built} <> '{}' THEN 'object' ELSE ${own.kind} END`,
          text: `CASE WHEN ${own.kind} = 'object' THEN CAST(json_merge_patch(${own.text}, ${built}) AS VARCHAR) WHEN ${own.kind} IS NULL THEN ${built} END`,
        }
      : { kind: `CASE WHEN ${built} <> '{}' THEN 'object' END`, text: built };
  }
  return { fields, sources, prelude };
}
