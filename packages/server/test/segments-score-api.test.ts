import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { basic, get, KEYS, post, startTestServer } from './support/test-server.js';

// Segments on model scores over HTTP, on the engine under test (TRAILMAP_WAREHOUSE): preview and
// save a { score, op, value } rule (batch), a new scoring run moves the members on refresh, and an
// unknown score name is a 400. Score rows are written with plain SQL, as a scoring run leaves them.
let srv: Awaited<ReturnType<typeof startTestServer>>;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const read = `Bearer ${KEYS.readKey}`;
const at = (d: number) => new Date(T0 + d * DAY).toISOString();
const view = (user: string, day: number) => ({ type: 'track', userId: user, event: 'Product Viewed', timestamp: at(day), messageId: `${user}-v-${day}` });
let ids = new Map<string, string>(); // user id → person id

/** A completed scoring run at `day`: rows [user, score, num, text], then its person_score_runs row. */
async function scoringRun(day: number, rows: Array<[string, string, number | null, string | null]>) {
  const db = srv.store.db;
  const d = db.dialect;
  const ms = T0 + day * DAY;
  for (const [user, score, num, text] of rows) {
    const values = [ms, ids.get(user)!, score, ...(num === null ? [] : [num]), ...(text === null ? [] : [text])];
    let i = 3;
    const numSql = num === null ? 'NULL' : `CAST(${d.param(i++, num)} AS DOUBLE)`;
    const textSql = text === null ? 'NULL' : d.param(i++, text);
    await db.exec(`INSERT INTO person_scores (scored_at, person_id, score, num, text, detail) VALUES (${d.fromEpochMs(d.param(0, ms))}, ${d.param(1, values[1])}, ${d.param(2, score)}, ${numSql}, ${textSql}, NULL)`, values);
  }
  await db.exec(`INSERT INTO person_score_runs (scored_at, completed_at, people, summary) VALUES (${d.fromEpochMs(d.param(0, ms))}, ${d.fromEpochMs(d.param(1, ms))}, ${d.param(2, rows.length)}, ${d.param(3, '{}')})`, [ms, ms, rows.length, '{}']);
}

before(async () => {
  srv = await startTestServer({ now: () => T0 + 40 * DAY });
  const r = await post(srv.url, '/v1/batch', { batch: [view('sc-ana', 1), view('sc-bo', 2), view('sc-cy', 3)] }, basic(KEYS.writeKey));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const people = await get(srv.url, '/v1/people?q=sc-&limit=100');
  ids = new Map((people.body.people as Array<{ personId: string; identities: string[] }>).map((p) => [p.identities.find((i) => i.startsWith('user:'))!.slice(5), p.personId]));
  assert.equal(ids.size, 3);
});
after(async () => srv.close());

const names = (personIds: string[]) => personIds.map((id) => [...ids].find(([, p]) => p === id)?.[0] ?? `?${id}`).sort();

test('with no scoring run no one has a score; a run makes the rule hold; a saved score segment is batch and follows the next run on refresh', async () => {
  const risky = { score: 'churnRisk', op: 'gt', value: 0.5 };
  const none = await post(srv.url, '/v1/segments/preview', { rule: { score: 'churnRisk', op: 'is_not_set' } }, read);
  assert.equal(none.status, 200, JSON.stringify(none.body));
  assert.deepEqual([none.body.count, none.body.timing], [3, 'batch']);

  await scoringRun(10, [['sc-ana', 'churnRisk', 0.9, null], ['sc-bo', 'churnRisk', 0.2, null], ['sc-ana', 'rfmGroup', null, 'at_risk'], ['sc-bo', 'persona', null, "o'hara; --"]]);
  const p = await post(srv.url, '/v1/segments/preview', { rule: risky }, read);
  assert.deepEqual([p.body.count, names(p.body.sample), p.body.timing], [1, ['sc-ana'], 'batch']);
  const text = await post(srv.url, '/v1/segments/preview', { rule: { any: [{ score: 'rfmGroup', value: 'at_risk' }, { score: 'persona', op: 'in', value: ["o'hara; --"] }] } }, read);
  assert.deepEqual(names(text.body.sample), ['sc-ana', 'sc-bo']);

  const saved = await post(srv.url, '/v1/segments', { key: 'churn-risk', name: 'Likely to churn', rule: risky }, read);
  assert.equal(saved.status, 201, JSON.stringify(saved.body));
  assert.deepEqual([saved.body.timing, saved.body.size], ['batch', 1]);

  // The next run: Ana is safe now, Cy is at risk; the older run no longer counts.
  await scoringRun(20, [['sc-ana', 'churnRisk', 0.1, null], ['sc-cy', 'churnRisk', 0.75, null]]);
  const r = await post(srv.url, '/v1/segments/refresh', {}, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const change = (r.body.refreshed as Array<{ key: string; size: number; entered: number; exited: number }>).find((x) => x.key === 'churn-risk');
  assert.deepEqual(change, { key: 'churn-risk', size: 1, entered: 1, exited: 1 });
  const members = await get(srv.url, '/v1/segments/churn-risk/members');
  assert.deepEqual(names((members.body.members as Array<{ personId: string }>).map((m) => m.personId)), ['sc-cy']);
});

test('an unknown score name is a 400 naming the field; hostile values are plain values', async () => {
  for (const score of ['nope', "churnRisk'; DROP TABLE person_scores; --"]) {
    const bad = await post(srv.url, '/v1/segments/preview', { rule: { score, op: 'is_set' } }, read);
    assert.equal(bad.status, 400, JSON.stringify(bad.body));
    assert.match(bad.body.error.message, /score/);
  }
  const gt = await post(srv.url, '/v1/segments/preview', { rule: { score: 'clv', op: 'gt', value: 'much' } }, read);
  assert.equal(gt.status, 400);
  const hostile = await post(srv.url, '/v1/segments/preview', { rule: { score: 'persona', op: 'eq', value: "x') OR 1=1 --" } }, read);
  assert.deepEqual([hostile.status, hostile.body.count], [200, 0]);
  const [row] = await srv.store.db.query<{ n: number | bigint }>('SELECT count(*) AS n FROM person_scores');
  assert.equal(Number(row!.n), 6, 'person_scores is intact');
});
