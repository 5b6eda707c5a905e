import type { ColumnKind, Dialect } from './dialect.js';

const TYPES: Record<ColumnKind, string> = {
  text: 'VARCHAR',
  json: 'JSON',
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
  regexMatch: (expr, p) => `coalesce(regexp_matches(${expr}, ${p}, 'i'), false)`,
  hash128: (expr) => `md5_number(${expr})`,
  parseTimestamp: (expr) => `CAST(CAST(${expr} AS TIMESTAMPTZ) AS TIMESTAMP)`,
  columnType: (kind) => TYPES[kind],
  tableOptions: () => '',
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
};
