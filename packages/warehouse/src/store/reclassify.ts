import type { TouchpointRule } from '@trailmap/core';
import { clearClassCache, classifyDistinctInputs } from '../ingest/classify-step.js';
import { classificationInputsFrom } from '../sql/touchpoint-sql.js';
import type { SqlSession } from '../warehouse.js';

/** Re-run touchpoint classification over stored events (after the rules changed). */
export async function reclassifyEvents(tx: SqlSession, rules: readonly TouchpointRule[]): Promise<void> {
  await clearClassCache(tx);
  await tx.exec(`CREATE OR REPLACE TEMP TABLE _reclass AS SELECT * FROM ${classificationInputsFrom(tx.dialect, 'events', 'message_key')} r`);
  await classifyDistinctInputs(tx, '_reclass', rules);
  await tx.exec(`
    UPDATE events SET touchpoint = n.touchpoint, channel = n.channel, touchpoint_type = n.touchpoint_type, stage = n.stage
      FROM (SELECT r.message_key, c.touchpoint, c.channel, c.touchpoint_type, c.stage
              FROM _reclass r JOIN _class_cache c ON c._ckey = r._ckey) n
     WHERE events.message_key = n.message_key`);
}
