import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { EventStore } from '@trailmap/warehouse';
import { basic, get, KEYS, post } from './support/test-server.js';
import { startPrivacyServer } from './support/privacy-server.js';

// A suppressed person's rows in an uploaded file are dropped as collection drops their events:
// counted in the report's `suppressed`, never stored; the other rows are imported (engine under test).
const USER = 'u-supp-imp-3c9a17';
const ANON = 'anon-supp-imp-d4e8';
const OTHER = 'u-keep-imp-a1b2';
let store: EventStore;
let url: string;
let privacy = '';
let close: () => Promise<void>;

before(async () => {
  ({ store, url, privacy, close } = await startPrivacyServer('trailmap-supp-imp-'));
});
after(async () => close());

const count = async (where: string) => {
  await store.flush();
  const [r] = await store.db.query<{ n: number | bigint }>(`SELECT count(*) AS n FROM events WHERE ${where}`);
  return Number(r!.n);
};

test('an upload after a suppress request: the suppressed userId and anonymousId rows are dropped and counted, the rest imported', async () => {
  const seen = await post(url, '/v1/batch', { batch: [{ type: 'identify', userId: USER, anonymousId: ANON, traits: { plan: 'pro' }, timestamp: '2026-11-02T10:00:00Z', messageId: 'seen-1' }] });
  assert.equal(seen.status, 200, JSON.stringify(seen.body));
  const req = await post(url, '/v1/privacy/requests', { type: 'suppress', userId: USER }, privacy);
  assert.equal(req.status, 202, JSON.stringify(req.body));
  for (let i = 0; ; i++) {
    const r = await get(url, `/v1/privacy/requests/${req.body.id}`, privacy);
    if (r.body.status === 'completed') break;
    assert.notEqual(r.body.status, 'failed', JSON.stringify(r.body));
    assert.ok(i < 400, 'the suppress request finishes');
    await new Promise((res) => setTimeout(res, 50));
  }
  const before = await count(`user_id = '${USER}' OR anonymous_id = '${ANON}'`);
  const csv = [
    'type,userId,anonymousId,event,timestamp,messageId',
    `track,${USER},,Order Completed,2026-11-03T10:00:00Z,f1`,
    `track,${USER},other-device-77,Order Completed,2026-11-03T11:00:00Z,f2`,
    `track,,${ANON},Page Viewed,2026-11-03T12:00:00Z,f3`,
    `track,${OTHER},,Order Completed,2026-11-03T13:00:00Z,f4`,
    `track,,anon-keep-99,Page Viewed,2026-11-03T14:00:00Z,f5`,
  ].join('\n');
  const up = await fetch(`${url}/v1/files?name=crm.csv`, { method: 'POST', headers: { authorization: basic(KEYS.writeKey), 'content-type': 'text/csv' }, body: csv + '\n' });
  const report = (await up.json()) as { rows: number; accepted: number; quarantined: number; duplicates: number; suppressed?: number };
  assert.equal(up.status, 200, JSON.stringify(report));
  assert.deepEqual({ rows: report.rows, accepted: report.accepted, quarantined: report.quarantined, duplicates: report.duplicates, suppressed: report.suppressed }, { rows: 5, accepted: 2, quarantined: 0, duplicates: 0, suppressed: 3 });
  assert.equal(await count(`user_id = '${USER}' OR anonymous_id = '${ANON}' OR anonymous_id = 'other-device-77'`), before, 'nothing of theirs stored');
  assert.equal(await count(`message_id IN ('f4', 'f5')`), 2, 'the others imported');
  const counts = await get(url, '/v1/privacy/suppressions', privacy);
  assert.equal(counts.status, 200);
  assert.deepEqual(counts.body, { suppressedIds: 2, droppedSinceStart: 3, droppedTotal: 3 }, 'the list holds the user and the anonymous id; the three rows are counted as drops');
});
