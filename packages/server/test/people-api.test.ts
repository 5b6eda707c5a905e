import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '@trailmap/core';
import { basic, get, KEYS, post, startTestServer } from './support/test-server.js';

// The people list on the engine under test (TRAILMAP_WAREHOUSE): count, trait and persona filters, trait columns, paging, CSV.
let srv: Awaited<ReturnType<typeof startTestServer>>;
const write = basic(KEYS.writeKey);
const at = (d: number) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString();

/** Six people by hand: their traits as each identify call leaves them (the latest call with a trait wins). */
const PEOPLE = [
  { id: 'pp-ana', calls: [{ plan: 'free', persona: 'bargain_hunter', city: 'Lisbon', name: 'Ana' }, { plan: 'pro' }] },
  { id: 'pp-bo', calls: [{ plan: 'pro', persona: 'loyal_regular', city: '上海', name: 'Bo' }] },
  { id: 'pp-cy', calls: [{ plan: 'pro', persona: 'bargain_hunter', name: 'Cy, "the third"' }, { plan: 'free' }] },
  { id: 'pp-di', calls: [{ plan: 'free', persona: 'loyal_regular', seats: 3 }] },
  { id: 'pp-ed', calls: [{ persona: 'bargain_hunter' }] },
  { id: 'pp-fa', calls: [] as Array<Record<string, unknown>> },
];

before(async () => {
  srv = await startTestServer();
  const batch = PEOPLE.flatMap((p, i) => [
    ...p.calls.map((traits, j) => ({ type: 'identify', userId: p.id, traits, timestamp: at(i + j * 10), messageId: `${p.id}-id-${j}` })),
    // One event each, later for later people: the list's order (most recently active first) is fa, ed, …, ana.
    { type: 'track', userId: p.id, event: 'Product Viewed', timestamp: at(30 + i), messageId: `${p.id}-t` },
  ]);
  const r = await post(srv.url, '/v1/batch', { batch }, write);
  assert.equal(r.status, 200, JSON.stringify(r.body));
});
after(async () => srv.close());

interface Answer { total: number; offset: number; columns: string[]; people: Array<{ personId: string; identities: string[]; name: string | null; events: number; traits: Record<string, string | null> }> }
const people = async (q: string) => {
  const r = await get(srv.url, `/v1/people?${q}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body as Answer;
};
const users = (a: Answer) => a.people.map((p) => p.identities.find((i) => i.startsWith('user:'))!.slice(5));

test('people: the total and the list, most recently active first; paging keeps the total', async () => {
  const all = await people('q=pp-');
  assert.equal(all.total, 6);
  assert.deepEqual(users(all), ['pp-fa', 'pp-ed', 'pp-di', 'pp-cy', 'pp-bo', 'pp-ana']);
  const page = await people('q=pp-&limit=2&offset=2');
  assert.deepEqual([page.total, page.offset, users(page)], [6, 2, ['pp-di', 'pp-cy']]);
  const past = await people('q=pp-&limit=2&offset=10');
  assert.deepEqual([past.total, past.people.length], [6, 0]);
});

test('people: filters on the latest trait value and on persona; trait columns', async () => {
  assert.deepEqual(users(await people('q=pp-&trait.plan=pro')), ['pp-bo', 'pp-ana'], 'Ana moved to pro, Cy back to free');
  assert.deepEqual(users(await people('q=pp-&trait.plan=free')), ['pp-di', 'pp-cy']);
  const hunters = await people('q=pp-&persona=bargain_hunter');
  assert.deepEqual([hunters.total, users(hunters)], [3, ['pp-ed', 'pp-cy', 'pp-ana']]);
  assert.deepEqual(users(await people('persona=bargain_hunter&trait.plan=pro&q=pp-')), ['pp-ana'], 'filters combine');
  assert.deepEqual(users(await people('q=pp-&trait.seats=3')), ['pp-di'], 'a number trait compares as its text');
  assert.equal((await people('q=pp-&persona=nobody')).total, 0);
  const cols = await people('q=pp-&columns=plan,city,persona');
  assert.deepEqual(cols.columns, ['plan', 'city', 'persona']);
  const byUser = Object.fromEntries(cols.people.map((p) => [p.identities[0], p.traits]));
  assert.deepEqual(byUser['user:pp-ana'], { plan: 'pro', city: 'Lisbon', persona: 'bargain_hunter' });
  assert.deepEqual(byUser['user:pp-bo'], { plan: 'pro', city: '上海', persona: 'loyal_regular' });
  assert.deepEqual(byUser['user:pp-fa'], { plan: null, city: null, persona: null });
  const traits = await get(srv.url, '/v1/people/traits');
  assert.deepEqual(traits.body.traits, ['city', 'name', 'persona', 'plan', 'seats']);
});

test('people: CSV of the filtered list equals the JSON list, every match (not one page)', async () => {
  const res = await fetch(`${srv.url}/v1/people?q=pp-&persona=bargain_hunter&columns=plan,city&format=csv`, { headers: { authorization: `Bearer ${KEYS.readKey}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/csv/);
  assert.equal(res.headers.get('x-total-count'), '3');
  const rows = parseCsv(await res.text());
  const json = await people('q=pp-&persona=bargain_hunter&columns=plan,city');
  assert.deepEqual(rows[0], ['personId', 'name', 'email', 'identities', 'events', 'firstSeen', 'lastSeen', 'trait.plan', 'trait.city']);
  assert.deepEqual(
    rows.slice(1).map((r) => [r[0], r[1], r[3], r[4], r[7], r[8]]),
    json.people.map((p) => [p.personId, p.name ?? '', p.identities.join(' '), String(p.events), p.traits.plan ?? '', p.traits.city ?? '']),
  );
  assert.ok(rows.some((r) => r[1] === 'Cy, "the third"'), 'commas and quotes survive');
  const one = await fetch(`${srv.url}/v1/people?q=pp-&format=csv&limit=1`, { headers: { authorization: `Bearer ${KEYS.readKey}` } });
  assert.equal(parseCsv(await one.text()).length, 2, 'a limit given with CSV applies');
});

test('people: bad filter input is 400 naming the field', async () => {
  const field = async (q: string) => {
    const r = await get(srv.url, `/v1/people?${q}`);
    assert.equal(r.status, 400, `${q}: ${JSON.stringify(r.body)}`);
    return r.body.error.field;
  };
  assert.equal(await field('columns=plan,,city'), 'columns');
  assert.equal(await field('columns=plan,plan'), 'columns');
  assert.equal(await field(`columns=${Array.from({ length: 11 }, (_, i) => `t${i}`).join(',')}`), 'columns');
  assert.equal(await field('limit=500'), 'limit');
  assert.equal(await field('limit=0'), 'limit');
  assert.equal(await field('offset=-1'), 'offset');
  assert.equal(await field('format=xml'), 'format');
  assert.equal(await field('trait.=x'), 'traits[0].name');
  assert.equal(await field(`trait.plan=${'x'.repeat(201)}`), 'traits[0].value');
  assert.equal(await field('persona='), 'persona');
  assert.equal(await field('segment=vip'), 'segment');
});
