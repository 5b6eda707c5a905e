import type { ColumnKind, Dialect } from './dialect.js';

const TYPES: Record<ColumnKind, string> = {
  text: 'VARCHAR',
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
  // Path keys are our own constants; quoting keeps odd keys literal in DuckDB's JSONPath.
  jsonString: (column, path) =>
    `nullif(json_extract_string(${column}, '$.${path.map(quoteJsonKey).join('.').replace(/'/g, "''")}'), '')`,
  jsonStringList: (column, paths) =>
    `json_extract_string(${column}, [${paths.map((path) => `'$.${path.map(quoteJsonKey).join('.').replace(/'/g, "''")}'`).join(', ')}])`,
  listElement: (list, i) => `nullif(${list}[${i}], '')`,
  regexMatch: (expr, p) => `coalesce(regexp_matches(${expr}, ${p}, 'i'), false)`,
  hash128: (expr) => `md5_number(${expr})`,
  // UTC text ('…Z', what normalize writes) casts directly; other offsets go through TIMESTAMPTZ.
  parseTimestamp: (expr) =>
    `CASE WHEN ends_with(${expr}, 'Z') THEN CAST(${expr} AS TIMESTAMP) ELSE CAST(CAST(${expr} AS TIMESTAMPTZ) AS TIMESTAMP) END`,
  columnType: (kind) => TYPES[kind],
  tableOptions: () => '',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
};
