import type { SqlSession } from '../warehouse.js';
import type { SegmentField } from './segment-fields.js';

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
  /** Fill `raw` of `_imp_checked` rows that have a code and no raw yet. */
  fillRaw: ((tx: SqlSession) => Promise<void>) | null;
  warnings?: string[];
}
