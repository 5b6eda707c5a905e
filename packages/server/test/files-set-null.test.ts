import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { basic, get, KEYS, startTestServer } from './support/test-server.js';

let srv: Awaited<ReturnType<typeof startTestServer>>;
before(async () => (srv = await startTestServer()));
after(async () => srv.close());

const upload = async (query: string, body: string) => {
  const res = await fetch(`${srv.url}/v1/files?${query}`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: basic(KEYS.writeKey) }, body });
  return { status: res.status, body: (await res.json()) as any };
};

const POS = ['customer,created_at,sku', 'C-1,2026-01-02T10:00:00Z,A', 'NA,2026-01-02T11:00:00Z,B', 'n/a,2026-01-02T12:00:00Z,NA'].join('\n') + '\n';
const map = encodeURIComponent(JSON.stringify({ customer: 'userId', created_at: 'timestamp', sku: 'properties.sku' }));

test('POST /v1/files: set gives every row a field the file lacks, null (repeatable) names the export\'s null markers', async () => {
  const set = encodeURIComponent(JSON.stringify({ event: 'Order Line', 'properties.store': 'Berlin' }));
  const r = await upload(`name=pos.csv&type=track&map=${map}&set=${set}&null=NA&null=n%2Fa`, POS);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual([r.body.rows, r.body.accepted, r.body.quarantined, r.body.duplicates], [3, 1, 2, 0]);
  assert.deepEqual(r.body.quarantineSample.map((q: { line: number; code: string }) => [q.line, q.code]), [[3, 'no_user_anon_id'], [4, 'no_user_anon_id']]);
  const p = await get(srv.url, '/v1/profiles/C-1');
  assert.equal(p.status, 200, JSON.stringify(p.body));
  const [e] = p.body.timeline;
  assert.equal(e.event, 'Order Line');
  assert.deepEqual(e.properties, { sku: 'A', store: 'Berlin' });
  assert.equal((await get(srv.url, '/v1/profiles/NA')).status, 404, 'NA is nobody');
  const one = await upload(`name=pos2.csv&type=track&map=${map}&set=${set}&null=NA`, POS.replace('C-1', 'C-9'));
  assert.equal(one.body.accepted, 2, 'a single null parameter is one marker: n/a is a person');
});

test('POST /v1/files: a bad set value, an unknown set field and an empty null marker are 400 invalid_field naming them', async () => {
  const bad = async (query: string, field: string, message: RegExp) => {
    const r = await upload(`name=pos.csv&type=track&map=${map}&${query}`, POS);
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body.error.code, 'invalid_field');
    assert.equal(r.body.error.field, field);
    assert.match(r.body.error.message, message);
  };
  await bad(`set=${encodeURIComponent('{"timestamp":"yesterday"}')}`, 'set.timestamp', /set\.timestamp="yesterday": timestamp: expected an ISO-8601/);
  await bad(`set=${encodeURIComponent('{"evnt":"x"}')}`, 'set.evnt', /set: "evnt" is not a field/);
  await bad(`set=${encodeURIComponent('{"type":"track"}')}`, 'set.type', /set\.type and type both give the type/);
  await bad('null=', 'null', /null: give the text/);
  const notJson = await upload(`name=pos.csv&set=nope`, POS);
  assert.equal(notJson.status, 400);
  assert.equal(notJson.body.error.field, 'set');
});
