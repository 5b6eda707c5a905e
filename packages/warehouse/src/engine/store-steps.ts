import type { TouchpointRule } from '@trailmap/core';
import type { ColumnKind } from '../dialect/dialect.js';
import type { TableSpec } from '../schema/table-spec.js';
import type { SqlSession } from '../warehouse.js';

/** A column of a session-scoped work table; every such column is nullable. */
export interface TempColumn {
  name: string;
  kind: ColumnKind;
}

/** People folded into others by one batch (IdentityChanges.merges: `into` is already the final survivor). */
export interface PersonMerge {
  from: string;
  into: string;
}

/**
 * The store's writes whose statements differ by engine beyond a SQL hook: one interface with an
 * implementation per engine (DuckDB; ClickHouse on one server or on a cluster), chosen with the
 * warehouse at start (STYLE habit 12). The pipeline that calls them is written once.
 *
 * ClickHouse has no multi-statement transactions, so every step is safe to run again after a crash
 * at any of its statements: it finishes what the first run left undone and adds nothing twice.
 */
export interface StoreSteps {
  /** DDL for a stored table (one statement or several). */
  tableDdl(spec: TableSpec): string[];
  /** Create an empty work table on this session's connection, replacing one of the same name. */
  replaceTemp(s: SqlSession, name: string, columns: readonly TempColumn[]): Promise<void>;
  /** Create a work table from a SELECT, replacing one of the same name. */
  replaceTempAs(s: SqlSession, name: string, select: string, params?: readonly unknown[]): Promise<void>;
  /** Create the work table unless this session has it (a cache kept across batches). */
  ensureTemp(s: SqlSession, name: string, columns: readonly TempColumn[]): Promise<void>;
  dropTemp(s: SqlSession, name: string): Promise<void>;
  /**
   * Fill work table `name` with the lines of a collection-log segment: `text` columns as text,
   * `int` columns as integers, `json` columns as the JSON text of the line's object. A line the
   * engine cannot read fails the whole call (the caller salvages the segment).
   */
  readJsonLines(s: SqlSession, path: string, name: string, columns: readonly TempColumn[]): Promise<void>;
  /**
   * Move every stored event and identity of each `from` person to its `into` person. Events first,
   * identities last: while the identities still name `from`, a re-run computes the same merges.
   */
  repointPeople(s: SqlSession, merges: readonly PersonMerge[]): Promise<void>;
  /** Re-run touchpoint classification over every stored event (the rules changed). */
  reclassifyEvents(s: SqlSession, rules: readonly TouchpointRule[]): Promise<void>;
}
