import { MAX_EVENT_BYTES } from '@trailmap/core';
import type { Params } from '../dialect/dialect.js';
import { insertQuarantineFromTemp } from '../ingest/quarantine.js';
import { STAGING_COLUMNS, STAGING_TABLE } from '../ingest/staging.js';
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
const EXTRA_COLUMNS = ['_lineno', '_span', 'code', 'field', 'reason', 'raw', 'given_message_id', 'record'];

/**
 * Validate the reader's rows into `_imp_checked`, move the invalid ones to `_imp_bad` (with their
 * raw text), and leave `_imp_checked` holding exactly the staging columns of the valid rows.
 */
export async function checkRows(step: Step, reader: FileReader, ctx: ValidateContext, p: Params): Promise<CheckedCounts> {
  await step((tx) => tx.exec(`CREATE OR REPLACE TEMP TABLE _imp_checked AS ${checkedRowsSql(reader.relation, ctx, p)}`, p.values));
  const counts = await step(async (tx) => {
    const [c] = await tx.query<{ rows: number; quarantined: number }>(`SELECT count(*) AS rows, count(code) AS quarantined FROM _imp_checked`);
    await tx.exec(`CREATE OR REPLACE TEMP TABLE _imp_bad AS SELECT * FROM _imp_checked WHERE code IS NOT NULL`);
    if (c!.quarantined > 0) await tx.exec(`DELETE FROM _imp_checked WHERE code IS NOT NULL`);
    return c!;
  });
  await step(async (tx) => {
    // DuckDB refuses an ALTER in the transaction that deleted rows of the same table.
    for (const col of EXTRA_COLUMNS) await tx.exec(`ALTER TABLE _imp_checked DROP COLUMN ${col}`);
    const columns = await tx.query<{ column_name: string; column_type: string }>(`DESCRIBE _imp_checked`);
    const expected = STAGING_COLUMNS.map((s) => `${s.name} ${s.kind === 'int' ? 'BIGINT' : 'VARCHAR'}`).join(', ');
    const actual = columns.map((s) => `${s.column_name} ${s.column_type}`).join(', ');
    if (actual !== expected) throw new Error(`import: checked columns (${actual}) differ from the staging table (${expected})`);
  });
  let sample: QuarantineSample[] = [];
  if (counts.quarantined > 0) {
    if (reader.fillRaw) await reader.fillRaw(step);
    sample = await step((tx) =>
      tx.query<QuarantineSample>(`SELECT _lineno AS line, record, code, field, reason FROM _imp_bad ORDER BY seq LIMIT ${SAMPLE_SIZE}`),
    );
  }
  return { rows: counts.rows, quarantined: counts.quarantined, sample };
}

/**
 * Inside the import's transaction: store the quarantined rows (a record already in the quarantine
 * is not stored twice) and make `_imp_checked` the staging table, renamed rather than copied.
 */
export async function stageChecked(tx: SqlSession, file: string, quarantined: number): Promise<void> {
  if (quarantined > 0) {
    await tx.exec(
      `CREATE OR REPLACE TEMP TABLE _quarantine AS
       SELECT source, CAST($1 AS VARCHAR) AS file, _lineno AS line, record, given_message_id AS message_id, code, field, reason,
              CASE WHEN length(raw) > ${RAW_KEEP} THEN left(raw, ${RAW_KEEP}) || '…(truncated)' ELSE raw END AS raw
         FROM _imp_bad`,
      [file],
    );
    await insertQuarantineFromTemp(tx);
  }
  await tx.exec(`DROP TABLE ${STAGING_TABLE}`);
  await tx.exec(`ALTER TABLE _imp_checked RENAME TO ${STAGING_TABLE}`);
}
