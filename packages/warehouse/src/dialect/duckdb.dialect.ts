import type { ColumnKind, Dialect, Params } from './dialect.js';

const TYPES: Record<ColumnKind, string> = {
  text: 'VARCHAR',
  label: 'VARCHAR',
  // Text, not DuckDB's JSON type: casting to JSON re-parses every value; inputs are validated already.
  json: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  int: 'BIGINT',
  double: 'DOUBLE',
  bool: 'BOOLEAN',
  hash128: 'UHUGEINT',
};

const quoteJsonKey = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? k : JSON.stringify(k));

export const duckdbDialect: Dialect = {
  name: 'duckdb',
  param: (i) => `$${i + 1}`,
  eventLabel: 'coalesce(event, name, type)',
  events: 'events',
  eventColumns: '*',
  // Path keys are our own constants; quoting keeps odd keys literal in DuckDB's JSONPath.
  jsonString: (column, path) =>
    `nullif(json_extract_string(${column}, '$.${path.map(quoteJsonKey).join('.').replace(/'/g, "''")}'), '')`,
  jsonStringList: (column, paths) =>
    `json_extract_string(${column}, [${paths.map((path) => `'$.${path.map(quoteJsonKey).join('.').replace(/'/g, "''")}'`).join(', ')}])`,
  jsonArrayItems: (column, path) =>
    `coalesce(CAST(json_extract(${column}, '$.${path.map(quoteJsonKey).join('.').replace(/'/g, "''")}[*]') AS VARCHAR[]), [])`,
  listElement: (list, i) => `nullif(${list}[${i}], '')`,
  regexMatch: (expr, p) => `coalesce(regexp_matches(${expr}, ${p}, 'i'), false)`,
  regexReplaceAll: (expr, p, r) => `regexp_replace(${expr}, ${p}, ${r}, 'g')`,
  hash128: (expr) => `md5_number(${expr})`,
  sha256Hex: (expr) => `sha256(${expr})`,
  // UTC text ('…Z', what normalize writes) casts directly; other offsets go through TIMESTAMPTZ.
  parseTimestamp: (expr) =>
    `CASE WHEN ends_with(${expr}, 'Z') THEN CAST(${expr} AS TIMESTAMP) ELSE CAST(CAST(${expr} AS TIMESTAMPTZ) AS TIMESTAMP) END`,
  toText: (e) => `CAST(${e} AS VARCHAR)`,
  now: () => 'now()',
  columnType: (kind) => TYPES[kind],
  nullable: (type) => type,
  tableOptions: () => '',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  // A JSON pointer ('/key', with ~ and / escaped) is bound, so any key text is data, never SQL.
  jsonKey: (column: string, key: string, params: Params) =>
    `nullif(json_extract_string(${column}, ${params.add('/' + key.replace(/~/g, '~0').replace(/\//g, '~1'))}), '')`,
  epochMs: (ts) => `epoch_ms(${ts})`,
  fromEpochMs: (ms) => `make_timestamp(CAST(${ms} AS BIGINT) * 1000)`,
  truncate: (unit, ts) => `CAST(date_trunc('${unit}', ${ts}) AS TIMESTAMP)`,
  quantile: (expr, q) => `quantile_cont(${expr}, ${literalQuantile(q)})`,
  argMax: (x, by) => `arg_max(${x}, ${by})`,
  argMin: (x, by) => `arg_min(${x}, ${by})`,
  contains: (h, n) => `contains(${h}, ${n})`,
  toDouble: (e) => `TRY_CAST(${e} AS DOUBLE)`,
  lag: (e, over) => `lag(${e}) OVER (${over})`,
  lead: (e, over) => `lead(${e}) OVER (${over})`,
  arrayAgg: (e, orderBy) => `list(${e} ORDER BY ${orderBy})`,
  distinctListIf: (e, c) => `list(DISTINCT ${e}) FILTER (WHERE (${c}) AND (${e}) IS NOT NULL)`,
  unnest: (list) => `unnest(${list})`,
  listConcat: (a, b) => `list_concat(${a}, ${b})`,
};

export function literalQuantile(q: number): string {
  if (!(Number.isFinite(q) && q >= 0 && q <= 1)) throw new Error(`quantile level must be within [0, 1], got ${q}`);
  return String(q);
}
