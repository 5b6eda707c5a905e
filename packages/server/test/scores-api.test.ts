import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { personaKey } from '@trailmap/core';
import { loadDemo, personScores } from '@trailmap/warehouse';
import { ComputePool } from '../src/compute/compute-pool.js';
import { scoresEveryMs } from '../src/scores/score-runner.js';
import { get, KEYS, post, startTestServer } from './support/test-server.js';

// POST/GET /v1/customers/scores and the profile's scores on a real server over the demo, on the
// engine under test; the persona segments the run saves (en/zh names, members = the persona scores).
let srv: Awaited<ReturnType<typeof startTestServer>>;
const pool = new ComputePool({ budgetMs: 170_000 });
const read = `Bearer ${KEYS.readKey}`;

before(async () => {
  srv = await startTestServer({ compute: pool });
  await loadDemo(srv.store, { events: 8000, seed: 42 });
});
after(async () => {
  await srv.close();
  await pool.close();
});

/** Every member of a saved segment now. */
async function members(key: string): Promise<string[]> {
  const r = await get(srv.url, `/v1/segments/${key}/members?limit=10000`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return (r.body.members as Array<{ personId: string }>).map((m) => m.personId).sort();
}

/** The people whose stored persona score is `key` (latest run). */
async function personaPeople(key: string): Promise<string[]> {
  const db = await srv.store.readSession();
  const rows = await db.query<{ person_id: string }>(
    `SELECT person_id FROM person_scores WHERE score = 'persona' AND text = ${db.dialect.param(0, key)} AND scored_at = (SELECT max(scored_at) FROM person_score_runs)`,
    [key],
  );
  return rows.map((r) => r.person_id).sort();
}

test('before a run: GET answers run null and profiles have scores null', async () => {
  const none = await get(srv.url, '/v1/customers/scores');
  assert.deepEqual([none.status, none.body], [200, { run: null }]);
  const [p] = await (await srv.store.readSession()).query<{ person_id: string }>('SELECT person_id FROM events ORDER BY person_id LIMIT 1');
  const profile = await get(srv.url, `/v1/profiles/${p!.person_id}`);
  assert.equal(profile.status, 200);
  assert.equal(profile.body.scores, null);
});

test('POST runs a scoring run; GET answers its summary; the profile shows the stored scores', { timeout: 300_000 }, async () => {
  const r = await post(srv.url, '/v1/customers/scores', { k: 3 }, read);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const s = r.body;
  assert.ok(s.people > 20 && s.rfm.people > 20 && s.personas.k === 3 && s.clv.customers > 20 && s.churn.scored > 20, JSON.stringify(s));
  assert.deepEqual(s.personas.clusters.map((c: { key: string }) => c.key), ['persona-1', 'persona-2', 'persona-3']);
  const latest = await get(srv.url, '/v1/customers/scores');
  assert.deepEqual(latest.body, { run: s });

  const db = await srv.store.readSession();
  const [buyer] = await db.query<{ person_id: string }>(`SELECT person_id FROM person_scores WHERE score = 'clv' ORDER BY person_id LIMIT 1`);
  const profile = await get(srv.url, `/v1/profiles/${buyer!.person_id}`);
  assert.equal(profile.status, 200);
  const scores = profile.body.scores;
  assert.equal(scores.scoredAt, s.scoredAt, 'the scores say how old they are');
  assert.deepEqual(scores, JSON.parse(JSON.stringify(await personScores(db, buyer!.person_id))));
  assert.ok(scores.rfm && scores.persona && scores.clv && scores.churn, JSON.stringify(scores));
  assert.equal(scores.clv.horizon, 90);

  const bad = await post(srv.url, '/v1/customers/scores', { k: 1 }, read);
  assert.deepEqual([bad.status, bad.body.error.code, bad.body.error.field], [400, 'invalid_definition', 'k']);
  assert.equal((await post(srv.url, '/v1/customers/scores', {}, null)).status, 401);
  assert.equal((await get(srv.url, '/v1/customers/scores', null)).status, 401);
});

test('persona segments: one per cluster with its en/zh display name; members = the persona scores; gone clusters deleted unless referred to', { timeout: 300_000 }, async () => {
  const run = (await get(srv.url, '/v1/customers/scores')).body.run;
  const segments = (await get(srv.url, '/v1/segments')).body.segments as Array<{ key: string; name: string; rule: unknown; description: string }>;
  const names = (await get(srv.url, '/v1/display-names')).body;
  for (const c of run.personas.clusters) {
    const seg = segments.find((x) => x.key === c.key);
    assert.ok(seg, `segment ${c.key}`);
    assert.deepEqual([seg.name, seg.description, seg.rule], [c.name.en, c.description.en, { score: 'persona', op: 'eq', value: c.key }]);
    assert.deepEqual(names.persona[c.key], { en: c.name.en, 'zh-CN': c.name.zh });
    const m = await members(c.key);
    assert.equal(m.length, c.size);
    assert.deepEqual(m, await personaPeople(c.key));
  }
  assert.deepEqual(run.personaSegments, { saved: ['persona-1', 'persona-2', 'persona-3'], deleted: [], kept: [], taken: [] });

  // A segment refers to persona-3; a run with two clusters keeps persona-3 and says why.
  const fans = await post(srv.url, '/v1/segments', { key: 'fans', name: 'Fans', rule: { inSegment: personaKey(2) } }, read);
  assert.equal(fans.status, 201, JSON.stringify(fans.body));
  const two = await post(srv.url, '/v1/customers/scores', { k: 2 }, read);
  assert.equal(two.status, 200, JSON.stringify(two.body));
  assert.deepEqual(two.body.personaSegments, { saved: ['persona-1', 'persona-2'], deleted: [], kept: [{ key: 'persona-3', referredBy: ['fans'] }], taken: [] });
  assert.deepEqual(await members('persona-3'), [], 'nobody has persona-3 now');
  assert.deepEqual(await members('persona-1'), await personaPeople('persona-1'));
  assert.equal((await post(srv.url, '/v1/segments/fans', undefined, read, 'DELETE')).status, 200);
  const again = await post(srv.url, '/v1/customers/scores', { k: 2 }, read);
  assert.deepEqual(again.body.personaSegments.deleted, ['persona-3']);
  assert.equal((await get(srv.url, '/v1/segments/persona-3')).status, 404);
  assert.equal((await get(srv.url, '/v1/display-names')).body.persona['persona-3'], undefined);
});

test('TRAILMAP_SCORES_EVERY: a duration or ms, 0 / off = no schedule, unset = 24 h, anything else refused', () => {
  assert.equal(scoresEveryMs(undefined), 24 * 3_600_000);
  assert.equal(scoresEveryMs('6h'), 6 * 3_600_000);
  assert.equal(scoresEveryMs('30m'), 30 * 60_000);
  assert.equal(scoresEveryMs('1d'), 86_400_000);
  assert.equal(scoresEveryMs('90000'), 90_000);
  assert.equal(scoresEveryMs('0'), null);
  assert.equal(scoresEveryMs('OFF'), null);
  assert.throws(() => scoresEveryMs('soon'), /TRAILMAP_SCORES_EVERY/);
});
