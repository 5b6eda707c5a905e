import { MAX_EVENT_BYTES } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import { insertQuarantineFromTemp } from '../ingest/quarantine.js';
import { STAGING_TABLE } from '../ingest/staging.js';
import type { SqlSession } from '../warehouse.js';
import type { QuarantineSample } from './import-options.js';
import type { FileReader } from './reader.js';
import { checkedRowsSql, type ValidateContext } from './validate.sql.js';

export interface StagedCounts {
  rows: number;
  quarantined: number;
  sample: QuarantineSample[];
}

/** Kept raw text per quarantined record, as the HTTP path keeps it. */
const RAW_KEEP = MAX_EVENT_BYTES + 1024;
const SAMPLE_SIZE = 20;

/**
 * Validate the reader's rows into `_imp_checked`, put the valid ones in the staging table and the
 * others in the quarantine (a record already quarantined is not stored twice). A row without a
 * messageId gets `imp-` + md5 of its stored content (type, event, name, ids, timestamp,
 * properties, traits, context), so the same row in a renamed or re-exported file deduplicates.
 */
export async function stageRows(tx: SqlSession, reader: FileReader, ctx: ValidateContext, file: string, p: Params): Promise<StagedCounts> {
  await tx.exec(`CREATE OR REPLACE TEMP TABLE _imp_checked AS ${checkedRowsSql(reader.relation, ctx, p)}`, p.values);
  const nul = 'chr(30)';
  await tx.exec(`
    INSERT INTO ${STAGING_TABLE}
    SELECT _line,
           coalesce(given_message_id, 'imp-' || md5(concat_ws(chr(31), type, coalesce(event, ${nul}), coalesce(name, ${nul}),
             coalesce(user_id, ${nul}), coalesce(anonymous_id, ${nul}), coalesce(group_id, ${nul}), coalesce(previous_id, ${nul}),
             timestamp, properties, traits, context))),
           type, event, name, user_id, anonymous_id, group_id, previous_id, timestamp, original_timestamp, sent_at,
           received_at, properties, traits, context, source
      FROM _imp_checked WHERE code IS NULL`);
  const [counts] = await tx.query<{ rows: number; quarantined: number }>(
    `SELECT count(*) AS rows, count(code) AS quarantined FROM _imp_checked`,
  );
  const quarantined = counts!.quarantined;
  let sample: QuarantineSample[] = [];
  if (quarantined > 0) {
    if (reader.fillRaw) await reader.fillRaw(tx);
    const q = new Params(tx.dialect);
    await tx.exec(
      `CREATE OR REPLACE TEMP TABLE _quarantine AS
       SELECT source, ${q.add(file)} AS file, _lineno AS line, record, given_message_id AS message_id, code, field, reason,
              CASE WHEN length(raw) > ${RAW_KEEP} THEN left(raw, ${RAW_KEEP}) || '…(truncated)' ELSE raw END AS raw
         FROM _imp_checked WHERE code IS NOT NULL`,
      q.values,
    );
    await insertQuarantineFromTemp(tx);
    sample = await tx.query<QuarantineSample>(
      `SELECT _lineno AS line, record, code, field, reason FROM _imp_checked WHERE code IS NOT NULL ORDER BY _line LIMIT ${SAMPLE_SIZE}`,
    );
  }
  return { rows: counts!.rows, quarantined, sample };
}
