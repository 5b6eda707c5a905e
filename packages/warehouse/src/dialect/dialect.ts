/**
 * The small set of hooks in which SQL engines differ. Queries are written once against this
 * interface; DuckDB and ClickHouse each override the hooks (Kysely's dialect idea).
 */
/** `label`: text with few distinct values (event names, types, touchpoints, channels, stages): dictionary-encoded where the engine has that. */
export type ColumnKind = 'text' | 'label' | 'json' | 'timestamp' | 'int' | 'double' | 'bool' | 'hash128';

export interface Dialect {
  readonly name: 'duckdb' | 'clickhouse';
  /**
   * Placeholder for the i-th bound parameter (0-based). ClickHouse placeholders carry a type
   * (`{p0:String}`), inferred from the value: text, integer, float, boolean, array of text.
   */
  param(i: number, value?: unknown): string;
  /** Text at a JSON path inside a JSON text column, NULL when absent. */
  jsonString(column: string, path: readonly string[]): string;
  /** Several JSON paths of one column, parsed once: an array expression of texts (NULL when absent). */
  jsonStringList(column: string, paths: ReadonlyArray<readonly string[]>): string;
  /** The elements of the JSON array at a path of a JSON text column, each as JSON text: a list (empty when absent or not an array). */
  jsonArrayItems(column: string, path: readonly string[]): string;
  /** The i-th (1-based) element of an array expression; empty text becomes NULL. */
  listElement(list: string, i: number): string;
  /** Case-insensitive regular expression match of expr against a bound pattern. */
  regexMatch(expr: string, patternParam: string): string;
  /**
   * Every match of a bound RE2 pattern (case-sensitive) replaced by a bound replacement, in
   * RE2 rewrite syntax: `\0`..`\9` insert groups. A replacement without backslashes is literal
   * on both engines (ClickHouse reads `\\1` as a substitution, so `\\` is not portable).
   */
  regexReplaceAll(expr: string, patternParam: string, replacementParam: string): string;
  /** 128-bit hash of a text expression, used as the deduplication key. */
  hash128(expr: string): string;
  /** SHA-256 of a text expression as lowercase hex (core's personIdFor, computed in SQL). */
  sha256Hex(expr: string): string;
  /** Parse ISO-8601 text (any offset) into a UTC timestamp. */
  parseTimestamp(expr: string): string;
  /** Text of any value (NULL stays NULL). */
  toText(expr: string): string;
  /** The current time as a timestamp (milliseconds kept). */
  now(): string;
  /** Column type for a portable kind, used by migrations. */
  columnType(kind: ColumnKind): string;
  /** The nullable form of a column type (ClickHouse columns are NOT NULL unless wrapped). */
  nullable(type: string): string;
  /** Table storage clause: nothing on DuckDB; `ENGINE = MergeTree ORDER BY …` on ClickHouse. */
  tableOptions(orderBy: readonly string[]): string;
  /** Quote an identifier (table, column). Only names from our own schema reach this. */
  ident(name: string): string;

  // ---- analytics hooks ----
  /**
   * The events relation every analysis reads (`FROM ${d.events} AS events`): the table itself, or,
   * on the session EventStore.readSession hands out when someone's analytics consent is refused,
   * the events of everyone else (warehouse/src/consent). Profiles and people search read `events`.
   */
  readonly events: string;
  /** The event label (track event name, else page/screen name, else type) over the events table: a stored column where the engine keeps one. */
  readonly eventLabel: string;
  /** Every column of an events row as analyses read them, for `SELECT … FROM events` (`*` leaves out ClickHouse's MATERIALIZED label). */
  readonly eventColumns: string;
  /** Text of a top-level key of a JSON text column; the key is bound as a parameter. NULL when absent/empty. */
  jsonKey(column: string, key: string, params: Params): string;
  /** Milliseconds since the epoch of a timestamp, as an integer. */
  epochMs(ts: string): string;
  /** Timestamp from milliseconds since the epoch. */
  fromEpochMs(ms: string): string;
  /** Start of the hour/day/ISO week (Monday)/month of a timestamp, as a timestamp. */
  truncate(unit: TimeUnit, ts: string): string;
  /** Interpolated quantile (R-7, like numpy's default) of a numeric expression; q is a literal in [0,1]. */
  quantile(expr: string, q: number): string;
  /** Value of x on the row with the largest `by`. */
  argMax(x: string, by: string): string;
  /** Value of x on the row with the smallest `by`. */
  argMin(x: string, by: string): string;
  /** Case-sensitive substring test. */
  contains(haystack: string, needle: string): string;
  /** A number from text, NULL when the text is not a number. */
  toDouble(expr: string): string;
  /** Previous value of expr in a window (NULL on the first row). `over` is "PARTITION BY … ORDER BY …". */
  lag(expr: string, over: string): string;
  /** Next value of expr in a window (NULL on the last row). */
  lead(expr: string, over: string): string;
  /** Aggregate values into an array ordered by `orderBy` (a single expression). */
  arrayAgg(expr: string, orderBy: string): string;
  /** Aggregate: the distinct non-NULL values of expr on rows where cond holds, as a list (empty or NULL when none). */
  distinctListIf(expr: string, cond: string): string;
  /** One row per element of a list expression (a select-list item; an empty or NULL list gives no row). */
  unnest(list: string): string;
  /** Two lists joined end to end (a NULL list counts as empty). */
  listConcat(a: string, b: string): string;
}

export type TimeUnit = 'hour' | 'day' | 'week' | 'month';

/** Collects bound parameters while SQL is built, so values are never concatenated. */
export class Params {
  readonly values: unknown[] = [];
  constructor(readonly dialect: Dialect) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect.param(this.values.length - 1, value);
  }
}
