import type { NormalizedEvent } from '@trailmap/core';
import type { AppendColumn, SqlSession } from '../warehouse.js';

/** The staging table every source fills before a commit: HTTP batches, file imports, demo data. */
export const STAGING_TABLE = '_staging';

/** Staging columns, all text but `seq` (the record's order within its batch or file line). */
export const STAGING_COLUMNS: readonly AppendColumn[] = [
  { name: 'seq', kind: 'int' },
  { name: 'message_id', kind: 'text' },
  { name: 'type', kind: 'text' },
  { name: 'event', kind: 'text' },
  { name: 'name', kind: 'text' },
  { name: 'user_id', kind: 'text' },
  { name: 'anonymous_id', kind: 'text' },
  { name: 'group_id', kind: 'text' },
  { name: 'previous_id', kind: 'text' },
  { name: 'timestamp', kind: 'text' },
  { name: 'original_timestamp', kind: 'text' },
  { name: 'sent_at', kind: 'text' },
  { name: 'received_at', kind: 'text' },
  { name: 'properties', kind: 'text' },
  { name: 'traits', kind: 'text' },
  { name: 'context', kind: 'text' },
  { name: 'source', kind: 'text' },
];

/** (Re)create the empty temp staging table on this session's connection. */
export async function resetStaging(tx: SqlSession): Promise<void> {
  await tx.steps.replaceTemp(tx, STAGING_TABLE, STAGING_COLUMNS);
}

export const stagingRow = (e: NormalizedEvent, seq: number): unknown[] => [
  seq,
  e.messageId,
  e.type,
  e.event,
  e.name,
  e.userId,
  e.anonymousId,
  e.groupId,
  e.previousId,
  e.timestamp,
  e.originalTimestamp,
  e.sentAt,
  e.receivedAt,
  e.properties,
  e.traits,
  e.context,
  e.source,
];

export async function stageEvents(tx: SqlSession, events: readonly NormalizedEvent[], firstSeq = 0): Promise<void> {
  await tx.append(`temp.${STAGING_TABLE}`, STAGING_COLUMNS, events.map((e, i) => stagingRow(e, firstSeq + i)));
}
