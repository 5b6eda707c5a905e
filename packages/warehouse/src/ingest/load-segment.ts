import { openSync, closeSync, fstatSync, readSync, ftruncateSync } from 'node:fs';
import { commitFresh, prepareFresh, type CommitResult, type IngestSettings } from './commit-staged.js';
import { resetStaging, STAGING_TABLE } from './staging.js';
import { insertQuarantineFromTemp } from './quarantine.js';
import type { TempColumn } from '../engine/store-steps.js';
import type { SqlSession, Warehouse } from '../warehouse.js';

/**
 * Cut a torn last line (a write that a crash interrupted before its fdatasync, so never
 * acknowledged) so the segment parses. Returns the bytes removed.
 */
export function trimTornTail(path: string): number {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return 0;
    const buf = Buffer.alloc(Math.min(size, 1 << 20));
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - buf.length);
      readSync(fd, buf, 0, end - start, start);
      const nl = buf.subarray(0, end - start).lastIndexOf(0x0a);
      if (nl >= 0) {
        const keep = start + nl + 1;
        if (keep < size) ftruncateSync(fd, keep);
        return size - keep;
      }
      end = start;
    }
    ftruncateSync(fd, 0);
    return size;
  } finally {
    closeSync(fd);
  }
}

const TEXT = ['k', 'messageId', 'type', 'event', 'name', 'userId', 'anonymousId', 'groupId', 'previousId', 'timestamp', 'originalTimestamp', 'sentAt', 'receivedAt', 'source', 'file', 'record', 'code', 'field', 'reason', 'raw'];
/** Event lines carry these as JSON objects (see encodeEvent). */
const JSON_COLUMNS = ['properties', 'traits', 'context'];
/** The columns of a log line (event and quarantine records alike; absent keys are NULL). */
const LOG_COLUMNS: readonly TempColumn[] = [
  ...TEXT.map((name) => ({ name, kind: 'text' as const })),
  ...JSON_COLUMNS.map((name) => ({ name, kind: 'json' as const })),
  { name: 'seq', kind: 'int' },
  { name: 'line', kind: 'int' },
];

/** Fill staging and quarantine from one log segment; the engine parses the file (StoreSteps.readJsonLines). */
export async function stageSegment(tx: SqlSession, path: string): Promise<void> {
  await tx.steps.readJsonLines(tx, path, '_log', LOG_COLUMNS);
  await tx.exec(`
    INSERT INTO ${STAGING_TABLE}
    SELECT seq, messageId, type, event, name, userId, anonymousId, groupId, previousId, timestamp, originalTimestamp,
           sentAt, receivedAt, properties, traits, context, source
      FROM _log WHERE k = 'e'`);
  await tx.steps.replaceTempAs(tx, '_quarantine', `SELECT source, file, line, record, messageId AS message_id, code, field, reason, raw FROM _log WHERE k = 'q'`);
  await insertQuarantineFromTemp(tx);
}

/**
 * Load one collection-log segment into the warehouse: staging (and the quarantine) first, then one
 * commit. Idempotent: run again on the same segment (after a crash at any statement, on an engine
 * without transactions too) it adds nothing twice and completes what the first run left undone.
 */
export async function loadSegment(db: Warehouse, path: string, settings: IngestSettings): Promise<CommitResult> {
  // Staging and the new records are built before the transaction: DuckDB scans a table created in
  // the current transaction with one thread only. The store's load queue keeps other writers out.
  const counts = await db.onWriter(async (s) => {
    await resetStaging(s);
    await stageSegment(s, path);
    return prepareFresh(s);
  });
  return db.transaction((tx) => commitFresh(tx, settings, counts));
}
