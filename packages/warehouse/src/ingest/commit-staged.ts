import type { IdentityRules, TouchpointRule } from '@trailmap/core';
import { EVENT_COLUMNS } from '../schema/migrations.js';
import { classificationInputsFrom } from '../sql/touchpoint-sql.js';
import type { SqlSession } from '../warehouse.js';
import { classifyDistinctInputs } from './classify-step.js';
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
 * identities, classify touchpoints, insert. Wide columns are read from staging only once, at the end.
 *
 * Run again after a crash at any statement (ClickHouse, which has no transactions), it adds
 * nothing twice: events already inserted are duplicates by message_key, and the identity step
 * recomputes from the stored graph (see identityStep).
 */
export async function commitStaged(tx: SqlSession, settings: IngestSettings): Promise<CommitResult> {
  const d = tx.dialect;
  // `_fresh`: the narrow columns of new records (first of each messageId, not already stored).
  await tx.steps.replaceTempAs(
    tx,
    '_fresh',
    `SELECT * FROM ${classificationInputsFrom(
      d,
      `(SELECT seq, ${d.hash128('message_id')} AS message_key, message_id, type, event, name, user_id, anonymous_id,
               previous_id, ${d.parseTimestamp('timestamp')} AS ts, context, properties
          FROM ${STAGING_TABLE}
         WHERE seq IN (SELECT min(seq) FROM ${STAGING_TABLE} GROUP BY message_id))`,
      'seq, message_key, message_id, user_id, anonymous_id, previous_id, ts',
    )} f
    WHERE message_key NOT IN (SELECT message_key FROM events)`,
  );
  const [counts] = await tx.query<{ staged: number; fresh: number }>(
    `SELECT (SELECT count(*) FROM ${STAGING_TABLE}) AS staged, (SELECT count(*) FROM _fresh) AS fresh`,
  );
  const staged = counts!.staged;
  const accepted = counts!.fresh;
  if (accepted === 0) return { staged, accepted, duplicates: staged, identitiesAdded: 0, merges: 0, conflicts: 0 };

  const ident = await identityStep(tx, settings.identity);
  await classifyDistinctInputs(tx, '_fresh', settings.rules);
  const cols = EVENT_COLUMNS.map(([n]) => d.ident(n)).join(', ');
  await tx.exec(`
    INSERT INTO events (${cols})
    SELECT f.message_key, s.message_id, s.type, s.event, s.name, coalesce(pu.person_id, pa.person_id), s.user_id,
           s.anonymous_id, s.group_id, s.previous_id, f.ts, ${d.parseTimestamp('s.original_timestamp')},
           ${d.parseTimestamp('s.sent_at')}, ${d.parseTimestamp('s.received_at')}, s.properties, s.traits, s.context,
           c.touchpoint, c.channel, c.touchpoint_type, c.stage, s.source
      FROM _fresh f
      JOIN ${STAGING_TABLE} s ON s.seq = f.seq
      JOIN _class_cache c ON c._ckey = f._ckey
      LEFT JOIN _person_of pu ON pu.identity = 'user:' || f.user_id
      LEFT JOIN _person_of pa ON pa.identity = 'anon:' || f.anonymous_id`);
  return {
    staged,
    accepted,
    duplicates: staged - accepted,
    identitiesAdded: ident.added,
    merges: ident.merges,
    conflicts: ident.conflicts,
  };
}
