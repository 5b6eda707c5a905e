import type { TouchpointRule } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import { CLASSIFY_INPUT, touchpointSql } from '../sql/touchpoint-sql.js';
import type { TempColumn } from '../engine/store-steps.js';
import type { SqlSession } from '../warehouse.js';

export const INPUT_COLUMNS = Object.values(CLASSIFY_INPUT);

/** Connection-scoped cache of classified input tuples; valid for one rule set (one store instance). */
export const CLASS_CACHE = '_class_cache';
const CLASS_CACHE_COLUMNS: readonly TempColumn[] = [
  { name: '_ckey', kind: 'hash128' },
  ...['touchpoint', 'channel', 'touchpoint_type', 'stage'].map((name) => ({ name, kind: 'text' as const })),
];

/**
 * Make sure every distinct input tuple of `source` (a table or a parenthesized SELECT with the inputs and `_ckey`, see
 * classificationInputsFrom) is classified in `_class_cache` (`_ckey`, touchpoint, channel,
 * touchpoint_type, stage). Tuples are few and repeat across batches, so the regular expressions
 * run once per new tuple, and the large rule statement is skipped when nothing is new.
 */
export async function classifyDistinctInputs(tx: SqlSession, source: string, rules: readonly TouchpointRule[]): Promise<void> {
  await tx.steps.ensureTemp(tx, CLASS_CACHE, CLASS_CACHE_COLUMNS);
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
  await tx.steps.dropTemp(tx, CLASS_CACHE);
}
