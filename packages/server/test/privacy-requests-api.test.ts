import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditQuerySchema } from '@trailmap/core';
import { createSegment, listAudit, recordMembershipChange, type StateStore } from '@trailmap/state';
import { resolvePersonId } from '@trailmap/warehouse';
import { testWarehouse } from '@trailmap/warehouse/testing';
import type { EventStore } from '@trailmap/warehouse';
import { basic, get, KEYS, post } from './support/test-server.js';
import { startPrivacyServer } from './support/privacy-server.js';
import { fileCount, filesContaining } from './support/byte-search.js';

// One person on two devices with an email trait, collected over HTTP and by a file upload; a
// second person who must keep everything. Ids are long and random-looking so a byte hit is theirs.
const USER = 'u-dsr-7f3a91c2e8';
const ANON1 = 'anon-dsr-dev1-b52c9e';
const ANON2 = 'anon-dsr-dev2-c61d0f';
const EMAIL = 'erin.dsr.4417@example.org';
const OTHER = 'u-keep-55e1d0a2';
const NEEDLES = [USER, ANON1, ANON2, EMAIL];
const read = `Bearer ${KEYS.readKey}`;
/** Data-subject requests and suppressions need a key with scope privacy (made in before()). */
let privacy = '';

let dir: string;
let state: StateStore;
let store: EventStore;
let url: string;
let close: () => Promise<void>;

const ts = (d: number) => new Date(Date.UTC(2026, 10, d, 12)).toISOString();

before(async () => {
  const srv = await startPrivacyServer('trailmap-dsr-');
  ({ dir, state, store, url, privacy, close } = srv);
});
after(async () => close());

const batch = (msgs: unknown[]) => post(url, '/v1/batch', { batch: msgs });
const people = async () => (await get(url, '/v1/people?limit=50')).body.total as number;
const funnel = async () => {
  const r = await post(url, '/v1/analytics/funnel', { steps: [{ event: 'Plan Viewed' }, { event: 'Subscribed' }], range: { from: '2026-11-01', to: '2026-12-01' } }, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return (r.body.steps as Array<{ count: number }>).map((s) => s.count);
};
async function finished(id: string) {
  for (let i = 0; i < 400; i++) {
    const r = await get(url, `/v1/privacy/requests/${id}`, privacy);
    assert.equal(r.status, 200);
    if (r.body.status === 'completed' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`request ${id} did not finish`);
}

test('setup: two devices, an email trait, an upload, a quarantined record, a segment and a note name the person', async () => {
  const r1 = await batch([
    { type: 'page', anonymousId: ANON1, name: 'Pricing', timestamp: ts(2), messageId: 'm1' },
    { type: 'track', anonymousId: ANON1, event: 'Plan Viewed', timestamp: ts(2), messageId: 'm2' },
    { type: 'identify', anonymousId: ANON1, userId: USER, traits: { email: EMAIL, plan: 'pro', consent: { analytics: true } }, timestamp: ts(3), messageId: 'm3' },
    { type: 'track', anonymousId: ANON2, event: 'Plan Viewed', timestamp: ts(5), messageId: 'm4' },
    { type: 'identify', anonymousId: ANON2, userId: USER, traits: { plan: 'pro' }, timestamp: ts(5), messageId: 'm5' },
    { type: 'track', userId: OTHER, event: 'Plan Viewed', timestamp: ts(4), messageId: 'o1' },
    { type: 'identify', userId: OTHER, traits: { plan: 'pro', email: 'keep@example.org' }, timestamp: ts(4), messageId: 'o2' },
  ]);
  assert.equal(r1.status, 200, JSON.stringify(r1.body));
  // A record refused at collection keeps its raw text in the quarantine: it names the person.
  const bad = await batch([{ type: 'track', userId: USER, timestamp: ts(6), messageId: 'bad1' }]);
  assert.equal(bad.status, 400);
  const csv = `type,userId,event,timestamp,messageId\ntrack,${USER},Subscribed,${ts(7)},f1\ntrack,${OTHER},Subscribed,${ts(7)},f2\n`;
  const up = await fetch(`${url}/v1/files?name=crm.csv`, { method: 'POST', headers: { authorization: basic(KEYS.writeKey), 'content-type': 'text/csv' }, body: csv });
  assert.equal(up.status, 200, await up.text());
  // An upload a crash left behind (the route removes its file after the import).
  mkdirSync(join(dir, 'uploads', 'left-over'), { recursive: true });
  writeFileSync(join(dir, 'uploads', 'left-over', 'crm.csv'), csv);
  await store.flush();
  // A segment membership in the state store (written as the segment refresher writes them).
  const seg = await createSegment(state, { key: 'pro', name: 'Pro', description: '', rule: { trait: 'plan', value: 'pro' } } as never);
  const db0 = (await store.flush(), store.db);
  const [pid, other] = [await resolvePersonId(db0, USER), await resolvePersonId(db0, OTHER)];
  await recordMembershipChange(state, seg!.id, { entered: [pid!, other!], exited: [] }, 2, new Date());
  const note = await post(url, '/v1/journey-notes', { text: `Call ${EMAIL} back about the invoice` }, read);
  assert.equal(note.status, 201, JSON.stringify(note.body));
  await store.flush();
  assert.equal(await people(), 2);
  assert.deepEqual(await funnel(), [2, 2]);
});

test('access: one JSON document and a CSV per table with everything held about the person', async () => {
  const r = await post(url, '/v1/privacy/requests', { type: 'access', email: EMAIL }, privacy);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const done = await finished(r.body.id);
  assert.equal(done.status, 'completed', JSON.stringify(done));
  assert.equal(done.download, `/v1/privacy/requests/${r.body.id}/document`);
  const doc = (await get(url, done.download, privacy)).body;
  const t = doc.tables;
  assert.deepEqual(t.identities.map((i: { id: string }) => i.id).sort(), [ANON1, ANON2, USER].sort());
  assert.deepEqual(t.emails, [{ email: EMAIL }]);
  assert.equal(t.events.length, 6, 'five collected and one uploaded');
  assert.ok(t.traits.some((x: { trait: string; value: unknown }) => x.trait === 'email' && x.value === EMAIL));
  assert.equal(t.segment_memberships.length, 1);
  assert.equal(t.notes.length, 1);
  assert.equal(t.quarantine.length, 1);
  assert.ok(t.consents.some((c: { purpose?: string }) => c.purpose === 'analytics'), JSON.stringify(t.consents));
  assert.ok(Array.isArray(t.scores) && Array.isArray(t.feedback));
  const onDisk = join(dir, 'privacy', 'access', r.body.id);
  for (const table of Object.keys(t)) assert.ok(existsSync(join(onDisk, `${table}.csv`)), table);
  assert.ok(readFileSync(join(onDisk, 'events.csv'), 'utf8').includes(ANON2));
  // The answer and the audit log carry counts, never the ids.
  assert.ok(!NEEDLES.some((n) => JSON.stringify(done).includes(n)));
});

let deleteId = '';
test('delete: no file under the data directory holds the ids or the email after it, and no analysis counts them', async () => {
  const before = filesContaining(dir, NEEDLES);
  // The search can see them before (so its silence after means something): engine files, state, exports.
  assert.ok(before.some((h) => h.needle === EMAIL), JSON.stringify(before));
  assert.ok(before.some((h) => h.file.startsWith(testWarehouse().kind === 'chdb' ? 'chdb' : 'trailmap.duckdb')), `the engine's files hold them before: ${JSON.stringify(before)}`);
  const r = await post(url, '/v1/privacy/requests', { type: 'delete', userId: USER, regime: 'pipl' }, privacy);
  assert.equal(r.status, 202, JSON.stringify(r.body));
  deleteId = r.body.id;
  const done = await finished(deleteId);
  assert.equal(done.status, 'completed', JSON.stringify(done));
  assert.deepEqual(done.stepsDone, ['resolve', 'suppress', 'warehouse', 'files', 'state', 'compact']);
  assert.equal(done.result.identities, 3);
  assert.equal(done.result.rows.events, 6);
  assert.equal(done.result.rows.quarantine, 1);
  assert.equal(done.result.rows['state.segment_memberships'], 1);
  assert.equal(done.result.rows['state.journey_notes'], 1);
  assert.equal(done.result.rows['access-exports'], 1);
  const hits = filesContaining(dir, NEEDLES);
  assert.deepEqual(hits, [], `files still holding the person: ${JSON.stringify(hits)}`);
  assert.ok(fileCount(dir) > 10);
  // The other person kept everything, the leftover upload kept their line.
  assert.ok(readFileSync(join(dir, 'uploads', 'left-over', 'crm.csv'), 'utf8').includes(OTHER));
  assert.equal(await people(), 1);
  assert.deepEqual(await funnel(), [1, 1]);
  assert.equal((await get(url, `/v1/people?q=${USER}`)).body.total, 0);
  assert.equal((await get(url, `/v1/people?q=${OTHER}`)).body.total, 1);
  const db = (await store.flush(), store.db);
  if (db.dialect.name === 'clickhouse') {
    // ClickHouse compresses parts, so a byte search alone could miss a value inside a compressed
    // block: the erased tables were rewritten and the old ones dropped SYNC, so no inactive part,
    // detached part or mutation (whose file would name the values) is left to hold them. (The two
    // tables that never hold personal data, schema_migrations and settings, merge as they like.)
    const [parts] = await db.query<{ n: number }>(`SELECT count() AS n FROM system.parts WHERE database = currentDatabase() AND NOT active AND table NOT IN ('schema_migrations', 'settings')`);
    const [detached] = await db.query<{ n: number }>(`SELECT count() AS n FROM system.detached_parts WHERE database = currentDatabase() AND table NOT IN ('schema_migrations', 'settings')`);
    const [mutations] = await db.query<{ n: number }>(`SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND table NOT IN ('schema_migrations', 'settings')`);
    const which = await db.query(`SELECT table, name, active, rows FROM system.parts WHERE database = currentDatabase() AND NOT active AND table NOT IN ('schema_migrations', 'settings')`);
    const muts = await db.query(`SELECT table, command FROM system.mutations WHERE database = currentDatabase() AND table NOT IN ('schema_migrations', 'settings')`);
    assert.deepEqual([Number(parts!.n), Number(detached!.n), Number(mutations!.n)], [0, 0, 0], JSON.stringify({ which, muts }));
  }
  for (const [table, col] of [['events', 'user_id'], ['identities', 'identity'], ['consents', 'identity']] as const) {
    const [row] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${col} LIKE '%dsr%'`);
    assert.equal(Number(row!.n), 0, table);
  }
});

test('later events for a deleted id are suppressed at collection: counted, not stored, and the answer says so', async () => {
  const r = await batch([
    { type: 'track', userId: USER, event: 'Plan Viewed', timestamp: ts(20), messageId: 'late1' },
    { type: 'track', anonymousId: ANON2, event: 'Plan Viewed', timestamp: ts(20), messageId: 'late2' },
    { type: 'track', userId: OTHER, event: 'Subscribed', timestamp: ts(20), messageId: 'late3' },
  ]);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { success: true, received: 3, accepted: 1, quarantined: 0, suppressed: 2 });
  await store.flush();
  assert.deepEqual(filesContaining(dir, NEEDLES), []);
  assert.equal(await people(), 1);
  const counts = (await get(url, '/v1/privacy/suppressions', privacy)).body;
  assert.equal(counts.suppressedIds, 3);
  assert.equal(counts.droppedTotal, 2);
});

test('a second delete of the same person is a no-op that completes', async () => {
  const r = await post(url, '/v1/privacy/requests', { type: 'delete', userId: USER }, privacy);
  assert.equal(r.status, 202);
  const done = await finished(r.body.id);
  assert.equal(done.status, 'completed');
  assert.ok(Object.entries(done.result.rows).every(([, n]) => n === 0), JSON.stringify(done.result.rows));
});

test('delete with then=new-person: later events start a person with no history; unsuppress lifts a suppression', async () => {
  const r = await post(url, '/v1/privacy/requests', { type: 'delete', userId: OTHER, then: 'new-person' }, privacy);
  const done = await finished(r.body.id);
  assert.equal(done.status, 'completed', JSON.stringify(done));
  assert.ok(!done.stepsDone.includes('suppress'));
  assert.equal(await people(), 0);
  const late = await batch([{ type: 'track', userId: OTHER, event: 'Plan Viewed', timestamp: ts(21), messageId: 'again1' }]);
  assert.deepEqual(late.body, { success: true, received: 1, accepted: 1, quarantined: 0 });
  await store.flush();
  const db = (await store.flush(), store.db);
  const rows = await db.query<{ n: number; p: number }>(`SELECT count(*) AS n, count(DISTINCT person_id) AS p FROM events WHERE user_id = '${OTHER}'`);
  assert.deepEqual(rows.map((r) => [Number(r.n), Number(r.p)]), [[1, 1]]);
  assert.equal(await people(), 1);
  const un = await post(url, '/v1/privacy/requests', { type: 'unsuppress', anonymousId: ANON2 }, privacy);
  assert.equal((await finished(un.body.id)).result.suppressed, 1);
  const back = await batch([{ type: 'track', anonymousId: ANON2, event: 'Plan Viewed', timestamp: ts(22), messageId: 'back1' }]);
  assert.equal(back.body.accepted, 1);
});

test('bad requests are 400s naming the field; unknown ids 404', async () => {
  const none = await post(url, '/v1/privacy/requests', { type: 'delete' }, privacy);
  assert.equal(none.status, 400);
  assert.equal(none.body.error.field, 'userId');
  const then = await post(url, '/v1/privacy/requests', { type: 'access', userId: 'x', then: 'suppress' }, privacy);
  assert.equal(then.body.error.field, 'then');
  assert.equal((await post(url, '/v1/privacy/requests', { type: 'erase', userId: 'x' }, privacy)).status, 400);
  assert.equal((await get(url, '/v1/privacy/requests/dsr_nope', privacy)).status, 404);
  assert.equal((await post(url, '/v1/privacy/requests', { type: 'delete', userId: 'x' }, null)).status, 401);
});

test('the audit log records each request received and completed, and holds no personal data', async () => {
  // Read from the state store (GET /v1/audit needs an admin key; its own tests cover the route).
  const r = { body: await listAudit(state, auditQuerySchema.parse({ action: 'privacy.', limit: '100' })) };
  const entries = r.body.entries as unknown as Array<{ action: string; target: string; detail: { phase: string } }>;
  const mine = entries.filter((e) => e.target === `request:${deleteId}`);
  assert.deepEqual(mine.map((e) => [e.action, e.detail.phase]).sort(), [['privacy.delete', 'completed'], ['privacy.delete', 'received']]);
  assert.ok(entries.some((e) => e.action === 'privacy.access') && entries.some((e) => e.action === 'privacy.unsuppress'));
  const text = JSON.stringify(r.body);
  for (const n of [...NEEDLES, OTHER, 'keep@example.org']) assert.ok(!text.includes(n), n);
  const list = (await get(url, '/v1/privacy/requests', privacy)).body.requests;
  assert.ok(list.length >= 5 && !NEEDLES.some((n) => JSON.stringify(list).includes(n)));
});
