/**
 * The small set of hooks in which SQL engines differ. Queries are written once against this
 * interface; DuckDB and ClickHouse each override the hooks (Kysely's dialect idea).
 */
export type ColumnKind = 'text' | 'json' | 'timestamp' | 'int' | 'double' | 'bool' | 'hash128';

export interface Dialect {
  readonly name: 'duckdb' | 'clickhouse';
  /** Placeholder for the i-th bound parameter (0-based). */
  param(i: number): string;
  /** Text at a JSON path inside a JSON text column, NULL when absent. */
  jsonString(column: string, path: readonly string[]): string;
  /** Several JSON paths of one column, parsed once: an array expression of texts (NULL when absent). */
  jsonStringList(column: string, paths: ReadonlyArray<readonly string[]>): string;
  /** The i-th (1-based) element of an array expression; empty text becomes NULL. */
  listElement(list: string, i: number): string;
  /** Case-insensitive regular expression match of expr against a bound pattern. */
  regexMatch(expr: string, patternParam: string): string;
  /** 128-bit hash of a text expression, used as the deduplication key. */
  hash128(expr: string): string;
  /** Parse ISO-8601 text (any offset) into a UTC timestamp. */
  parseTimestamp(expr: string): string;
  /** Column type for a portable kind, used by migrations. */
  columnType(kind: ColumnKind): string;
  /** Table storage clause: nothing on DuckDB; `ENGINE = MergeTree ORDER BY …` on ClickHouse. */
  tableOptions(orderBy: readonly string[]): string;
  /** Quote an identifier (table, column). Only names from our own schema reach this. */
  ident(name: string): string;
}

/** Collects bound parameters while SQL is built, so values are never concatenated. */
export class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.param(this.values.length - 1);
  }
}
