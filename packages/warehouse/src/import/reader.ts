import type { SqlSession } from '../warehouse.js';
import type { SegmentField } from './segment-fields.js';

/**
 * Run statements in their own committed transaction on the writer connection. Imports build
 * their temp tables in steps because DuckDB scans a table created in the *current* transaction
 * with one thread only; once committed, later steps read it in parallel.
 */
export type Step = <T>(fn: (tx: SqlSession) => Promise<T>) => Promise<T>;

/**
 * What a format reader hands the validator: a relation with the columns validate.sql.ts expects
 * (`_line`, `_lineno`, `_span`, `_pre_*`, `_size`, `_raw`, `k_<field>`, `t_<field>`), the column
 * each field came from (for messages), and a way to fetch the raw text of quarantined rows when
 * the relation does not carry it.
 */
export interface FileReader {
  relation: string;
  sources: Partial<Record<SegmentField, string>>;
  recordLabel: 'line' | 'row';
  /** The reader's `_deep_field` already covers every key (JSON Lines); else the object fields are checked. */
  depthChecked?: boolean;
  /** Fill `raw` of the `_imp_bad` rows (quarantined) that have none yet. */
  fillRaw: ((step: Step) => Promise<void>) | null;
  warnings?: string[];
}
