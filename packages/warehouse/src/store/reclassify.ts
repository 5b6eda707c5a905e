import type { TouchpointRule } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import { classificationInputsSql, touchpointSql } from '../sql/touchpoint-sql.js';
import type { SqlSession } from '../warehouse.js';

/** Re-run touchpoint classification over stored events (after the rules changed). */
export async function reclassifyEvents(tx: SqlSession, rules: readonly TouchpointRule[]): Promise<void> {
  const d = tx.dialect;
  const p = new Params(d);
  const tp = touchpointSql(rules, d, p);
  await tx.exec(
    `
    UPDATE events SET touchpoint = c.touchpoint, channel = c.channel, touchpoint_type = c.touchpoint_type, stage = c.stage
      FROM (
        SELECT message_key, touchpoint, channel, ${tp.type} AS touchpoint_type, stage FROM (
          SELECT message_key, ${tp.touchpoint} AS touchpoint, ${tp.channel} AS channel, ${tp.stage} AS stage FROM (
            SELECT message_key, type, ${classificationInputsSql(d)} FROM events
          ) i
        ) t
      ) c
     WHERE events.message_key = c.message_key`,
    p.values,
  );
}
