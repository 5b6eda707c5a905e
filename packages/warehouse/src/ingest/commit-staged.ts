import type { IdentityRules, TouchpointRule } from '@trailmap/core';
import { Params } from '../dialect/dialect.js';
import { EVENT_COLUMNS } from '../schema/migrations.js';
import { classificationInputsSql, touchpointSql } from '../sql/touchpoint-sql.js';
import type { SqlSession } from '../warehouse.js';
import { identityStep } from './identity-step.js';
import { STAGING_TABLE } from './staging.js';

export interface IngestSettings {
  rules: readonly TouchpointRule[];
  identity: IdentityRules;
}

export interface CommitResult {
  staged: number;
  accepted: number;
  duplicates: number;
  identitiesAdded: number;
  merges: number;
  conflicts: number;
}

/**
 * Move the staging table into `events` inside the caller's transaction: drop duplicates
 * (within the batch and against stored events, by a 128-bit hash of messageId), stitch
 * identities, classify touchpoints, insert.
 */
export async function commitStaged(tx: SqlSession, settings: IngestSettings): Promise<CommitResult> {
  const d = tx.dialect;
  const ts = (c: string) => `${d.parseTimestamp(c)} AS ${c === 'timestamp' ? 'ts' : c}`;
  await tx.exec(`
    CREATE OR REPLACE TEMP TABLE _fresh AS
    SELECT * FROM (
      SELECT ${d.hash128('message_id')} AS message_key, message_id, type, event, name, user_id, anonymous_id,
             group_id, previous_id, ${ts('timestamp')}, ${ts('original_timestamp')}, ${ts('sent_at')},
             ${ts('received_at')}, properties, traits, context, source
        FROM ${STAGING_TABLE}
       WHERE seq IN (SELECT min(seq) FROM ${STAGING_TABLE} GROUP BY message_id)
    ) s
    WHERE message_key NOT IN (SELECT message_key FROM events)`);
  const [counts] = await tx.query<{ staged: number; fresh: number }>(
    `SELECT (SELECT count(*) FROM ${STAGING_TABLE}) AS staged, (SELECT count(*) FROM _fresh) AS fresh`,
  );
  const staged = counts!.staged;
  const accepted = counts!.fresh;
  if (accepted === 0) return { staged, accepted, duplicates: staged, identitiesAdded: 0, merges: 0, conflicts: 0 };

  const ident = await identityStep(tx, settings.identity);

  const p = new Params(d);
  const tp = touchpointSql(settings.rules, d, p);
  const cols = EVENT_COLUMNS.map(([n]) => d.ident(n)).join(', ');
  await tx.exec(
    `
    INSERT INTO events (${cols})
    SELECT message_key, message_id, type, event, name, person_id, user_id, anonymous_id, group_id, previous_id,
           ts, original_timestamp, sent_at, received_at, properties, traits, context,
           touchpoint, channel, ${tp.type} AS touchpoint_type, stage, source
      FROM (
        SELECT *, ${tp.touchpoint} AS touchpoint, ${tp.channel} AS channel, ${tp.stage} AS stage
          FROM (
            SELECT f.*, coalesce(pu.person_id, pa.person_id) AS person_id,
                   ${classificationInputsSql(d)}
              FROM _fresh f
              LEFT JOIN _person_of pu ON pu.identity = 'user:' || f.user_id
              LEFT JOIN _person_of pa ON pa.identity = 'anon:' || f.anonymous_id
          ) i
      ) c`,
    p.values,
  );
  return {
    staged,
    accepted,
    duplicates: staged - accepted,
    identitiesAdded: ident.added,
    merges: ident.merges,
    conflicts: ident.conflicts,
  };
}
