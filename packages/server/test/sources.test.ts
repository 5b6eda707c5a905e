import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SourceSummary } from '@trailmap/warehouse';
import { basic, get, KEYS, post, startTestServer } from './support/test-server.js';

// GET /v1/sources over a real store: HTTP messages (good and bad), a file with bad rows, a file with only bad rows.
let srv: Awaited<ReturnType<typeof startTestServer>>;
before(async () => (srv = await startTestServer()));
after(async () => srv.close());

const upload = async (name: string, body: string) => {
  const map = encodeURIComponent(JSON.stringify({ customer_id: 'userId', action: 'event', created_at: 'timestamp' }));
  const res = await fetch(`${srv.url}/v1/files?name=${encodeURIComponent(name)}&map=${map}&type=track`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: basic(KEYS.writeKey) },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
};

const csv = (rows: string[]) => ['customer_id,action,created_at', ...rows].join('\n') + '\n';

type SourceRow = SourceSummary;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

test('GET /v1/sources: one row per source with hand-counted events, people and quarantined rows; needs the read key', async () => {
  const empty = await get(srv.url, '/v1/sources');
  assert.deepEqual(empty.body, { sources: [], totals: { sources: 0, events: 0, people: 0, quarantined: 0 } }, 'nothing sent yet');

  // HTTP: 3 good events of 2 people (u1 twice, u2 once) and 2 quarantined messages (a track without event; a track without ids).
  const batch = await post(srv.url, '/v1/batch', {
    batch: [
      { type: 'track', userId: 'u1', event: 'Product Viewed', timestamp: '2026-01-01T10:00:00.000Z' },
      { type: 'track', userId: 'u1', event: 'Order Completed', timestamp: '2026-01-01T11:00:00.000Z' },
      { type: 'identify', userId: 'u2', traits: { email: 'u2@example.com' }, timestamp: '2026-01-01T09:00:00.000Z' },
      { type: 'track', userId: 'u3', timestamp: '2026-01-01T12:00:00.000Z' },
    ],
  });
  assert.equal(batch.body.accepted, 3, JSON.stringify(batch.body));
  assert.equal(batch.body.quarantined, 1);
  const lone = await post(srv.url, '/v1/track', { event: 'No One', timestamp: '2026-01-01T12:00:00.000Z' });
  assert.equal(lone.body.quarantined, 1, JSON.stringify(lone.body));

  // A file: 3 good rows of 2 people (u1, also seen over HTTP, and c9 twice), 2 bad rows (a broken time, no customer id).
  const crm = await upload(
    'crm export.csv',
    csv(['u1,Order Completed,2026-01-02T10:00:00Z', 'c9,Order Completed,2026-01-03T10:00:00Z', 'c9,Refund Requested,2026-01-04T08:30:00Z', 'c9,Order Completed,not a time', ',Order Completed,2026-01-02T11:00:00Z']),
  );
  assert.equal(crm.status, 200, JSON.stringify(crm.body));
  assert.deepEqual([crm.body.accepted, crm.body.quarantined], [3, 2]);

  // A file whose every row is bad: listed all the same, with 0 events.
  const bad = await upload('bad-only.csv', csv(['c7,Order Completed,yesterday', ',Order Completed,2026-01-02T11:00:00Z', 'c8,,2026-01-02T11:00:00Z']));
  assert.equal(bad.status, 200, JSON.stringify(bad.body));
  assert.deepEqual([bad.body.accepted, bad.body.quarantined], [0, 3]);

  const r = await get(srv.url, '/v1/sources');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const rows = r.body.sources as SourceRow[];
  // Most recently received first: the last upload, the first upload, then HTTP.
  assert.deepEqual(
    rows.map((s) => [s.source, s.kind, s.name, s.events, s.people, s.quarantined, s.lastEventAt]),
    [
      ['file:bad-only.csv', 'file', 'bad-only.csv', 0, 0, 3, null],
      ['file:crm export.csv', 'file', 'crm export.csv', 3, 2, 2, '2026-01-04T08:30:00.000Z'],
      ['http', 'http', 'http', 3, 2, 2, '2026-01-01T11:00:00.000Z'],
    ],
  );
  for (const s of rows) {
    assert.match(s.firstReceivedAt, ISO, s.source);
    assert.match(s.lastReceivedAt, ISO, s.source);
    assert.ok(s.firstReceivedAt <= s.lastReceivedAt, s.source);
  }
  // People over all sources are distinct people (u1 sent over HTTP and in the file counts once).
  assert.deepEqual(r.body.totals, { sources: 3, events: 6, people: 3, quarantined: 7 });

  // The quarantine's own counts agree, filtered by the file name the sources list gives.
  const q = await get(srv.url, `/v1/quarantine?file=${encodeURIComponent('crm export.csv')}`);
  assert.equal(q.body.total, 2);
  assert.equal((await get(srv.url, '/v1/quarantine?source=http')).body.total, 2);

  // Importing the same file again under another name stores no event twice but quarantines its bad rows under the new name.
  const again = await upload('crm copy.csv', csv(['u1,Order Completed,2026-01-02T10:00:00Z', 'c9,Order Completed,not a time']));
  assert.deepEqual([again.body.accepted, again.body.duplicates, again.body.quarantined], [0, 1, 1]);
  const after2 = (await get(srv.url, '/v1/sources')).body as { sources: SourceRow[]; totals: Record<string, number> };
  assert.deepEqual(after2.sources[0] && [after2.sources[0].source, after2.sources[0].events, after2.sources[0].quarantined], ['file:crm copy.csv', 0, 1]);
  assert.deepEqual(after2.totals, { sources: 4, events: 6, people: 3, quarantined: 8 });

  // The read key only.
  const none = await get(srv.url, '/v1/sources', null);
  assert.equal(none.status, 401);
  assert.equal(none.body.error.code, 'missing_key');
  assert.equal((await get(srv.url, '/v1/sources', 'Bearer not-a-key')).status, 401);
  assert.equal((await get(srv.url, '/v1/sources', `Bearer ${KEYS.writeKey}`)).status, 403);
});
