import { maskPiiInText, MAX_EVENT_BYTES } from '@trailmap/core';
import type { Params } from '../dialect/dialect.js';
import { PREPARED_ROW_COLUMNS, preparedRowsSql, type StagedRows } from '../ingest/commit-staged.js';
import type { TempColumn } from '../engine/store-steps.js';
import { insertQuarantineFromTemp } from '../ingest/quarantine.js';
import type { SqlSession } from '../warehouse.js';
import type { QuarantineSample } from './import-options.js';
import type { FileReader, Step } from './reader.js';
import { checkedRowsSql, type ValidateContext } from './validate.sql.js';

export interface CheckedCounts {
  rows: number;
  quarantined: number;
  sample: QuarantineSample[];
}

/** Kept raw text per quarantined record, as the HTTP path keeps it. */
const RAW_KEEP = MAX_EVENT_BYTES + 1024;
const SAMPLE_SIZE = 20;
/** What the quarantine and the report need of a refused row. */
const BAD_COLUMNS = ['seq', '_lineno', '_span', 'code', 'field', 'reason', 'raw', 'given_message_id', 'record', 'source'];

/** The valid rows of `_imp_checked`, as the commit reads them (prepared: nothing is parsed again). */
export const CHECKED_ROWS: StagedRows = { from: `(SELECT ${PREPARED_ROW_COLUMNS.join(', ')} FROM _imp_checked WHERE code IS NULL)`, prepared: true };

/**
 * Validate the reader's rows into `_imp_checked` in one pass: for every row its first problem
 * (code NULL when valid), the staging columns and, `prepared`, also the columns the commit reads
 * (message_key, parsed times, classification inputs; see preparedRowsSql). The refused rows are
 * copied to `_imp_bad`, with their raw text.
 */
export async function checkRows(step: Step, reader: FileReader, ctx: ValidateContext, p: Params, prepared = true): Promise<CheckedCounts> {
  await step(async (tx) => {
    const checked = `(${checkedRowsSql(reader.relation, ctx, p)})`;
    const select = prepared ? preparedRowsSql(tx.dialect, checked, BAD_COLUMNS.filter((c) => c !== 'seq' && c !== 'source')) : checked;
    await tx.exec(`CREATE OR REPLACE TEMP TABLE _imp_checked AS SELECT * FROM ${select} c`, p.values);
  });
  const counts = await step(async (tx) => {
    const [c] = await tx.query<{ rows: number; quarantined: number }>(`SELECT count(*) AS rows, count(code) AS quarantined FROM _imp_checked`);
    await tx.exec(`CREATE OR REPLACE TEMP TABLE _imp_bad AS SELECT ${BAD_COLUMNS.join(', ')} FROM _imp_checked WHERE code IS NOT NULL`);
    return c!;
  });
  let sample: QuarantineSample[] = [];
  if (counts.quarantined > 0) {
    if (reader.fillRaw) await reader.fillRaw(step);
    // The report (CLI output, POST /v1/files answer) quotes values: the PII among them masked, as the quarantine stores them.
    sample = (
      await step((tx) => tx.query<QuarantineSample>(`SELECT _lineno AS line, record, code, field, reason FROM _imp_bad ORDER BY seq LIMIT ${SAMPLE_SIZE}`))
    ).map((q) => ({ ...q, reason: maskPiiInText(q.reason) }));
  }
  return { rows: counts.rows, quarantined: counts.quarantined, sample };
}

/** The columns of the quarantine work table (`_quarantine`, see insertQuarantineFromTemp). */
export const QUARANTINE_COLUMNS: readonly TempColumn[] = [
  ...['source', 'file'].map((name) => ({ name, kind: 'text' as const })),
  { name: 'line', kind: 'int' },
  ...['record', 'message_id', 'code', 'field', 'reason', 'raw'].map((name) => ({ name, kind: 'text' as const })),
];

/** The quarantine rows of `_imp_bad` (DuckDB SQL; $1 is the file's name), raw text cut as the HTTP path cuts it. */
export const quarantineRowsSql = () => `
  SELECT source, CAST($1 AS VARCHAR) AS file, _lineno AS line, record, given_message_id AS message_id, code, field, reason,
         CASE WHEN length(raw) > ${RAW_KEEP} THEN left(raw, ${RAW_KEEP}) || '…(truncated)' ELSE raw END AS raw
    FROM _imp_bad`;

/** Store the quarantined rows (a record already in the quarantine is not stored twice). */
export async function storeQuarantined(tx: SqlSession, file: string, quarantined: number): Promise<void> {
  if (quarantined === 0) return;
  await tx.exec(`CREATE OR REPLACE TEMP TABLE _quarantine AS ${quarantineRowsSql()}`, [file]);
  await insertQuarantineFromTemp(tx);
}
