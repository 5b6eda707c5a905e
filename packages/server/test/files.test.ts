import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { basic, get, KEYS, startTestServer } from './support/test-server.js';

let srv: Awaited<ReturnType<typeof startTestServer>>;
before(async () => (srv = await startTestServer()));
after(async () => srv.close());

const upload = async (query: string, body: string, auth: string | null = basic(KEYS.writeKey)) => {
  const res = await fetch(`${srv.url}/v1/files?${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', ...(auth ? { authorization: auth } : {}) }, body });
  return { status: res.status, body: (await res.json()) as any };
};

const CSV = ['customer_id,action,created_at,amount', 'c1,Order Completed,2026-01-02T10:00:00Z,12.5', 'c2,Order Completed,not a time,3', ',Order Completed,2026-01-02T11:00:00Z,4'].join('\n') + '\n';

test('POST /v1/files imports a file sent as the body: bad rows quarantined with line and reason, counts add up', async () => {
  const map = encodeURIComponent(JSON.stringify({ customer_id: 'userId', action: 'event', created_at: 'timestamp', amount: 'properties.revenue' }));
  const r = await upload(`name=${encodeURIComponent('crm export.csv')}&map=${map}&type=track`, CSV);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.file, 'crm export.csv');
  assert.equal(r.body.rows, 3);
  assert.equal(r.body.accepted, 1);
  assert.equal(r.body.quarantined, 2);
  assert.equal(r.body.accepted + r.body.quarantined + r.body.duplicates, r.body.rows);
  assert.deepEqual(r.body.quarantineSample.map((q: { line: number }) => q.line), [3, 4]);
  const q = await get(srv.url, `/v1/quarantine?file=${encodeURIComponent('crm export.csv')}`);
  assert.equal(q.status, 200);
  assert.deepEqual(q.body.records.map((x: { line: number }) => x.line).sort(), [3, 4], 'quarantined under the uploaded name');
  const again = await upload(`name=crm.csv&map=${map}&type=track`, CSV);
  assert.equal(again.body.accepted, 0, 'the same rows are not stored twice');
});

test('uploads need the write key; the format must be known; a bad map names the field', async () => {
  assert.equal((await upload('name=a.csv', CSV, null)).status, 401);
  const withRead = await upload('name=a.csv', CSV, `Bearer ${KEYS.readKey}`);
  assert.equal(withRead.status, 403);
  const fmt = await upload('name=a.xlsx', CSV);
  assert.equal(fmt.status, 400);
  assert.equal(fmt.body.error.field, 'format');
  const map = await upload('name=a.csv&map=nope', CSV);
  assert.equal(map.status, 400);
  assert.equal(map.body.error.field, 'map');
  const unknown = await upload('name=a.csv', CSV);
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.code, 'invalid_file');
  assert.match(unknown.body.error.message, /customer_id/);
  assert.doesNotMatch(unknown.body.error.message, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'the server-side file name is not shown');
});
