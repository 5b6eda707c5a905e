import type { ColumnKind, Dialect, Params } from './dialect.js';
import { literalQuantile } from './duckdb.dialect.js';

const TYPES: Record<ColumnKind, string> = {
  text: 'String',
  label: 'LowCardinality(String)',
  json: 'String',
  timestamp: "DateTime64(3, 'UTC')",
  int: 'Int64',
  double: 'Float64',
  bool: 'Bool',
  hash128: 'UInt128',
};

/** ClickHouse's typed placeholder for a value: `{p0:String}`, `{p1:Int64}`, `{p2:Array(String)}`. */
export function clickhouseParamType(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int64' : 'Float64';
  if (typeof value === 'bigint') return 'Int64';
  if (typeof value === 'boolean') return 'Bool';
  if (value instanceof Date) return "DateTime64(3, 'UTC')";
  if (Array.isArray(value)) {
    const first = value.find((v) => v !== null && v !== undefined);
    return `Array(${first === undefined ? 'String' : clickhouseParamType(first)})`;
  }
  if (value === null || value === undefined) return 'Nullable(String)';
  return 'String';
}

const pathArgs = (path: readonly string[]) => path.map((k) => `'${k.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`).join(', ');

/** ClickHouse (server through @clickhouse/client, or embedded through chdb). */
export const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  // The events table's MATERIALIZED label column (see EVENTS_TABLE), dictionary-encoded: one column read instead of three.
  eventLabel: 'label',
  events: 'events',
  eventColumns: '*, label',
  param: (i, value) => `{p${i}:${clickhouseParamType(value)}}`,
  // Strings come back unquoted, numbers and booleans as their JSON text (as DuckDB does), null as NULL.
  jsonString: (column, path) =>
    `nullif(if(JSONType(${column}, ${pathArgs(path)}) = 'String', JSONExtractString(${column}, ${pathArgs(path)}), if(JSONType(${column}, ${pathArgs(path)}) = 'Null', '', JSONExtractRaw(${column}, ${pathArgs(path)}))), '')`,
  jsonStringList: (column, paths) => `[${paths.map((p) => clickhouseDialect.jsonString(column, p)).join(', ')}]`,
  jsonArrayItems: (column, path) => `JSONExtractArrayRaw(${column}, ${pathArgs(path)})`,
  listElement: (list, i) => `nullif(${list}[${i}], '')`,
  regexMatch: (expr, p) => `coalesce(match(${expr}, concat('(?i)', ${p})), false)`,
  regexReplaceAll: (expr, p, r) => `replaceRegexpAll(${expr}, ${p}, ${r})`,
  hash128: (expr) => `reinterpretAsUInt128(MD5(${expr}))`,
  sha256Hex: (expr) => `lower(hex(SHA256(${expr})))`,
  // NULL stays NULL: on a Nullable column the parser also sees the empty text under each NULL and
  // would fail on it, so it is given a parseable stand-in there (bad text still fails).
  parseTimestamp: (expr) => `if(${expr} IS NULL, NULL, parseDateTime64BestEffort(coalesce(${expr}, '1970-01-01'), 3, 'UTC'))`,
  // CAST(x AS String) refuses NULL; toString keeps it.
  toText: (e) => `toString(${e})`,
  now: () => "now64(3, 'UTC')",
  columnType: (kind) => TYPES[kind],
  // LowCardinality wraps Nullable, not the other way round.
  nullable: (type) => (type.startsWith('LowCardinality(') ? `LowCardinality(Nullable(${type.slice('LowCardinality('.length, -1)}))` : `Nullable(${type})`),
  tableOptions: (orderBy) => ` ENGINE = MergeTree ORDER BY (${orderBy.map((c) => clickhouseDialect.ident(c)).join(', ')})`,
  ident: (name) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``,
  jsonKey: (column: string, key: string, params: Params) => {
    const k = params.add(key);
    return `nullif(multiIf(JSONType(${column}, ${k}) = 'String', JSONExtractString(${column}, ${k}), JSONType(${column}, ${k}) = 'Null', '', JSONExtractRaw(${column}, ${k})), '')`;
  },
  epochMs: (ts) => `toUnixTimestamp64Milli(${ts})`,
  fromEpochMs: (ms) => `fromUnixTimestamp64Milli(toInt64(${ms}), 'UTC')`,
  truncate: (unit, ts) => {
    const f = { hour: `toStartOfHour(${ts})`, day: `toStartOfDay(${ts})`, week: `toStartOfWeek(${ts}, 1)`, month: `toStartOfMonth(${ts})` }[unit];
    return `toDateTime64(${f}, 3, 'UTC')`;
  },
  quantile: (expr, q) => `quantileExactInclusive(${literalQuantile(q)})(${expr})`,
  argMax: (x, by) => `argMax(${x}, ${by})`,
  argMin: (x, by) => `argMin(${x}, ${by})`,
  contains: (h, n) => `(position(${h}, ${n}) > 0)`,
  toDouble: (e) => `toFloat64OrNull(${e})`,
  lag: (e, over) => `lagInFrame(toNullable(${e})) OVER (${over} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
  lead: (e, over) => `leadInFrame(toNullable(${e})) OVER (${over} ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`,
  arrayAgg: (e, orderBy) => `arrayMap(x -> x.2, arraySort(x -> x.1, groupArray((${orderBy}, ${e}))))`,
  distinctListIf: (e, c) => `groupUniqArrayIf(${e}, ${c})`,
  unnest: (list) => `arrayJoin(${list})`,
  listConcat: (a, b) => `arrayConcat(${a}, ${b})`,
};
