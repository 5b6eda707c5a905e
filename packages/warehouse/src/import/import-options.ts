import type { MessageType } from '@trailmap/core';
import type { ImportProgress } from './import-progress.js';
import type { ImportSuppression } from './drop-suppressed.js';

export type ImportFormat = 'csv' | 'jsonl' | 'parquet';

export interface ImportOptions {
  path: string;
  /** Default: from the extension (.csv/.tsv, .jsonl/.ndjson/.json, .parquet). */
  format?: ImportFormat;
  /** Source column → target field, e.g. `{ customer_id: 'userId', amount: 'properties.revenue' }`. */
  map?: Record<string, string>;
  /** A column that is no Segment field, not dotted and not mapped: stop (default) or keep it in properties. */
  unknownColumns?: 'error' | 'properties';
  /** Type of rows that carry none (a file without a type column, a JSON line without "type"). */
  defaultType?: MessageType;
  /**
   * Field (or dotted path) → the value every row gets, for a field the file has no column for:
   * `{ event: 'Order Line' }`. Values are checked as the HTTP API checks the field (see parseConstants).
   */
  set?: Record<string, string>;
  /** Texts that mean "no value" in this file's cells (R's and many CRMs' `NA`), as an empty cell does. */
  nullMarkers?: readonly string[];
  /** Called as the import goes (each phase, and every 100 ms while the engine works), for a progress display. */
  onProgress?: (p: ImportProgress) => void;
  /** The suppression list (data-subject requests): rows of suppressed ids are dropped, counted in `suppressed`. */
  suppression?: ImportSuppression;
}

export interface QuarantineSample {
  line: number | null;
  record: string;
  code: string;
  field: string | null;
  reason: string;
}

/** What an import did: every input row is counted once, rows = accepted + quarantined + duplicates (+ suppressed). */
export interface ImportReport {
  file: string;
  format: ImportFormat;
  rows: number;
  accepted: number;
  quarantined: number;
  duplicates: number;
  /** The same bytes were imported before (by content hash); this run added only what was missing. */
  alreadyImported: boolean;
  /** Up to 20 quarantined rows, in file order. */
  quarantineSample: QuarantineSample[];
  /** Things the user should know that did not stop the import (e.g. approximate line numbers). */
  warnings: string[];
  /** Rows of suppressed ids (data-subject requests), dropped and not stored; absent when none. */
  suppressed?: number;
}
