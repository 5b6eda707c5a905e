import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDbWarehouse } from '@trailmap/warehouse';
import { basic, get, KEYS, startTestServer } from './support/test-server.js';

let srv: Awaited<ReturnType<typeof startTestServer>>;
before(async () => (srv = await startTestServer()));
after(async () => srv.close());

const upload = async (name: string, body: string | Buffer) => {
  const res = await fetch(`${srv.url}/v1/files?name=${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', authorization: basic(KEYS.writeKey) }, body });
  return { status: res.status, body: (await res.json()) as any };
};

const quarantined = async (name: string) => {
  const q = await get(srv.url, `/v1/quarantine?file=${encodeURIComponent(name)}`);
  assert.equal(q.status, 200);
  return (q.body.records as Array<{ line: number | null; record: string; code: string; field: string | null }>)
    .map((r) => [r.line ?? r.record, r.code, r.field])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0]), 'en', { numeric: true }));
};

test('POST /v1/files: rows with times past 9999, a skew to 12025 or 2024-02-30 are quarantined; the answer is 200 with the counts, never 500', async () => {
  const csv = [
    'type,event,userId,timestamp,originalTimestamp,sentAt',
    'track,ok,u1,2024-05-01T10:00:00Z,,',
    'track,far,u2,9999-12-31T23:59:59-14:00,,',
    'track,skew,u3,,9999-01-01T00:00:00Z,0000-01-01T00:00:00Z',
    'track,calendar,u4,2024-02-30T10:00:00Z,,',
    'track,"multi\r\nline",12345678901234567890,2024-05-02T10:00:00Z,,',
  ].join('\n') + '\n';
  const r = await upload('times.csv', csv);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.rows, r.body.accepted, r.body.quarantined, r.body.duplicates], [5, 2, 3, 0]);
  assert.deepEqual(await quarantined('times.csv'), [
    [3, 'invalid_timestamp', 'timestamp'],
    [4, 'invalid_timestamp', 'originalTimestamp'],
    [5, 'invalid_field', 'timestamp'],
  ]);
  const [e] = await srv.store.db.query<{ event: string; user_id: string }>(`SELECT event, user_id FROM events WHERE source = 'file:times.csv' AND event <> 'ok'`);
  assert.deepEqual(e, { event: 'multi\r\nline', user_id: '12345678901234567890' }, 'CR LF and all 20 digits as sent');

  const jsonl = [
    '{"type":"track","event":"ok-jsonl","userId":"u1","timestamp":"2024-05-01T10:00:00Z"}',
    '{"type":"track","event":"far","userId":"u2","timestamp":"9999-12-31T23:59:59-14:00"}',
    '{"type":"track","event":"skew","userId":"u3","originalTimestamp":"9999-01-01T00:00:00Z","sentAt":"0000-01-01T00:00:00Z"}',
    '{"type":"track","event":"cal","userId":"u4","timestamp":"2024-02-30"}',
    '{"type":"track","event":"lone","userId":"u5\\ud800","timestamp":"2024-05-01T10:00:00Z"}',
    JSON.stringify({ type: 'track', event: 'deep', userId: 'u6', timestamp: '2024-05-01T10:00:00Z', properties: JSON.parse('{"a":'.repeat(80) + '1' + '}'.repeat(80)) }),
  ].join('\n');
  const j = await upload('times.jsonl', jsonl);
  assert.equal(j.status, 200, JSON.stringify(j.body));
  assert.deepEqual([j.body.rows, j.body.accepted, j.body.quarantined, j.body.duplicates], [6, 1, 5, 0]);
  assert.deepEqual(await quarantined('times.jsonl'), [
    [2, 'invalid_timestamp', 'timestamp'],
    [3, 'invalid_timestamp', 'originalTimestamp'],
    [4, 'invalid_field', 'timestamp'],
    [5, 'invalid_unicode', 'userId'],
    [6, 'too_deep', 'properties'],
  ]);

  const path = join(srv.dir, 'times.parquet');
  // The Parquet file is written with an in-memory DuckDB, whatever engine the store runs on.
  const duck = await DuckDbWarehouse.open({ path: ':memory:' });
  await duck.exec(`COPY (SELECT * FROM (VALUES (1, 'ok', TIMESTAMP '2024-05-01 10:00:00'), (2, 'far', TIMESTAMP '12025-01-01 00:00:00')) t(n, event, timestamp) ORDER BY n)
    TO '${path}' (FORMAT parquet)`);
  await duck.close();
  const res = await fetch(`${srv.url}/v1/files?name=times.parquet&type=track&map=${encodeURIComponent(JSON.stringify({ n: 'userId' }))}`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: basic(KEYS.writeKey) },
    body: readFileSync(path),
  });
  const p = (await res.json()) as any;
  assert.equal(res.status, 200, JSON.stringify(p));
  assert.deepEqual([p.rows, p.accepted, p.quarantined, p.duplicates], [2, 1, 1, 0]);
  assert.deepEqual(await quarantined('times.parquet'), [['row 2', 'invalid_timestamp', 'timestamp']]);
});
