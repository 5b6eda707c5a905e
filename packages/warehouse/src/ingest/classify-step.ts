import type { TouchpointRule } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import { CLASSIFY_INPUT, touchpointSql } from '../sql/touchpoint-sql.js';
import type { SqlSession } from '../warehouse.js';

export const INPUT_COLUMNS = Object.values(CLASSIFY_INPUT);

/** Connection-scoped cache of classified input tuples; valid for one rule set (one store instance). */
export const CLASS_CACHE = '_class_cache';

/**
 * Make sure every distinct input tuple of `source` (which has the inputs and `_ckey`, see
 * classificationInputsFrom) is classified in `_class_cache` (`_ckey`, touchpoint, channel,
 * touchpoint_type, stage). Tuples are few and repeat across batches, so the regular expressions
 * run once per new tuple, and the large rule statement is skipped when nothing is new.
 */
export async function classifyDistinctInputs(tx: SqlSession, source: string, rules: readonly TouchpointRule[]): Promise<void> {
  await tx.exec(
    `CREATE TEMP TABLE IF NOT EXISTS ${CLASS_CACHE} (_ckey ${tx.dialect.columnType('hash128')}, touchpoint VARCHAR, channel VARCHAR, touchpoint_type VARCHAR, stage VARCHAR)`,
  );
  const [fresh] = await tx.query<{ n: number }>(
    `SELECT count(*) AS n FROM (SELECT DISTINCT _ckey FROM ${source}) s WHERE _ckey NOT IN (SELECT _ckey FROM ${CLASS_CACHE})`,
  );
  if (!fresh || fresh.n === 0) return;
  const p = new Params(tx.dialect);
  const tp = touchpointSql(rules, tx.dialect, p);
  const cols = INPUT_COLUMNS.join(', ');
  await tx.exec(
    `
    INSERT INTO ${CLASS_CACHE}
    SELECT _ckey, touchpoint, channel, ${tp.type} AS touchpoint_type, stage FROM (
      SELECT _ckey, ${cols}, ${tp.touchpoint} AS touchpoint, ${tp.channel} AS channel, ${tp.stage} AS stage
        FROM (SELECT DISTINCT _ckey, ${cols} FROM ${source} WHERE _ckey NOT IN (SELECT _ckey FROM ${CLASS_CACHE})) d
    ) c`,
    p.values,
  );
}

/** Forget cached classifications (the rules changed). */
export async function clearClassCache(tx: SqlSession): Promise<void> {
  await tx.exec(`DROP TABLE IF EXISTS ${CLASS_CACHE}`);
}
