import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { get, KEYS, post, startTestServer } from './support/test-server.js';

const read = `Bearer ${KEYS.readKey}`;
let srv: Awaited<ReturnType<typeof startTestServer>>;
before(async () => (srv = await startTestServer()));
after(async () => srv.close());

test('journey notes: create, list by cell, update owner and status, delete; validation names the field', async () => {
  const a = await post(srv.url, '/v1/journey-notes', { kind: 'quote', stage: 'conversion', channel: 'web', touchpoint: 'Payment Info Entered', text: '“支付页面一直出错。” — interview 7', owner: 'Mei' }, read);
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(a.body.status, 'open');
  const b = await post(srv.url, '/v1/journey-notes', { stage: 'conversion', lane: 'technology', text: "Payment provider's 3-D Secure page times out on iOS; x'); DROP TABLE journey_notes; --" }, read);
  assert.equal(b.status, 201);
  const list = await get(srv.url, '/v1/journey-notes?touchpoint=Payment%20Info%20Entered');
  assert.deepEqual(list.body.notes.map((n: { id: string }) => n.id), [a.body.id]);
  assert.equal((await get(srv.url, '/v1/journey-notes?stage=conversion')).body.notes.length, 2);
  const upd = await post(srv.url, `/v1/journey-notes/${a.body.id}`, { status: 'in_progress', owner: 'Sam' }, read, 'PATCH');
  assert.equal(upd.status, 200);
  assert.equal(upd.body.status, 'in_progress');
  assert.equal(upd.body.owner, 'Sam');
  assert.equal(upd.body.text, a.body.text, 'untouched fields stay');
  const bad = await post(srv.url, '/v1/journey-notes', { text: '', lane: 'basement' }, read);
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.field, /^(text|lane)$/);
  assert.equal((await post(srv.url, `/v1/journey-notes/${a.body.id}`, { status: 'maybe' }, read, 'PATCH')).body.error.field, 'status');
  assert.equal((await post(srv.url, '/v1/journey-notes/nope', undefined, read, 'DELETE')).status, 404);
  assert.equal((await post(srv.url, `/v1/journey-notes/${b.body.id}`, undefined, read, 'DELETE')).body.deleted, true);
  assert.equal((await get(srv.url, '/v1/journey-notes')).body.notes.length, 1);
  assert.equal((await get(srv.url, '/v1/journey-notes', `Bearer ${KEYS.writeKey}`)).status, 403);
});

test('the touchpoint catalogue editor: stored rules come first and re-classify stored events; bad rules name the field', async () => {
  const write = (await import('./support/test-server.js')).basic(KEYS.writeKey);
  await post(srv.url, '/v1/track', { userId: 'cat-1', event: 'Loyalty Card Scanned', messageId: 'cat-m1' }, write);
  const before = (await get(srv.url, '/v1/touchpoints')).body.touchpoints.find((t: { touchpoint: string }) => t.touchpoint === 'Loyalty Card Scanned');
  assert.ok(before, 'the event has a default touchpoint');
  const put = await post(
    srv.url,
    '/v1/touchpoints/rules',
    { rules: [{ match: { event: '^loyalty card' }, set: { touchpoint: 'Loyalty card', channel: 'store', type: 'physical', stage: 'loyalty' } }] },
    read,
    'PUT',
  );
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.edited.length, 1);
  assert.ok(put.body.defaults.length > 10);
  const after = (await get(srv.url, '/v1/touchpoints')).body.touchpoints.find((t: { touchpoint: string }) => t.touchpoint === 'Loyalty card');
  assert.deepEqual([after.channel, after.type, after.stage, after.events], ['store', 'physical', 'loyalty', 1]);
  const rules = await get(srv.url, '/v1/touchpoints/rules');
  assert.equal(rules.body.edited[0].set.touchpoint, 'Loyalty card');
  const bad = await post(srv.url, '/v1/touchpoints/rules', { rules: [{ match: { event: 'x' }, set: { stage: 'nirvana' } }] }, read, 'PUT');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'rules[0].set.stage');
  assert.equal((await post(srv.url, '/v1/touchpoints/rules', { rules: [] }, `Bearer ${KEYS.writeKey}`, 'PUT')).status, 403);
  const re2 = await post(srv.url, '/v1/touchpoints/rules', { rules: [{ match: { event: '^ok$' }, set: { stage: 'loyalty' } }, { match: { event: 'a{2,1001}' }, set: { stage: 'loyalty' } }] }, read, 'PUT');
  assert.equal(re2.status, 400, JSON.stringify(re2.body));
  assert.equal(re2.body.error.field, 'rules[1].match.event');
  assert.equal((await get(srv.url, '/v1/touchpoints/rules')).body.edited[0].set.touchpoint, 'Loyalty card', 'nothing was stored');
});
