import { openSync, closeSync, fstatSync, readSync, ftruncateSync } from 'node:fs';
import { STAGING_TABLE } from './staging.js';
import { insertQuarantineFromTemp } from './quarantine.js';
import type { SqlSession } from '../warehouse.js';

const sqlText = (s: string) => `'${s.replace(/'/g, "''")}'`;

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

/** Fill staging and quarantine from one log segment; the engine parses the file itself. */
export async function stageSegment(tx: SqlSession, path: string): Promise<void> {
  const columns = `{${[...TEXT.map((c) => `'${c}': 'VARCHAR'`), ...JSON_COLUMNS.map((c) => `'${c}': 'JSON'`), `'seq': 'BIGINT'`, `'line': 'BIGINT'`].join(', ')}}`;
  await tx.exec(`
    CREATE OR REPLACE TEMP TABLE _log AS
    SELECT * FROM read_json(${sqlText(path)}, format = 'newline_delimited', columns = ${columns}, maximum_object_size = 67108864)`);
  await tx.exec(`
    INSERT INTO ${STAGING_TABLE}
    SELECT seq, messageId, type, event, name, userId, anonymousId, groupId, previousId, timestamp, originalTimestamp,
           sentAt, receivedAt, CAST(properties AS VARCHAR), CAST(traits AS VARCHAR), CAST(context AS VARCHAR), source
      FROM _log WHERE k = 'e'`);
  await tx.exec(`
    CREATE OR REPLACE TEMP TABLE _quarantine AS
    SELECT source, file, line, record, messageId AS message_id, code, field, reason, raw FROM _log WHERE k = 'q'`);
  await insertQuarantineFromTemp(tx);
}
