import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isSkipped, personaKey, personScoresFromRows, scoreRunDefinitions, scoreRunOptionsSchema, type PersonScores, type ScoreName, type ScoreRunSummary } from '@trailmap/core';
import { openTestStore } from '../src/testing/test-store.js';
import { latestScoreRun, loadDemo, personScores, runChurn, runClv, runPersonas, runPersonScores, runRfm, type EventStore } from '../src/index.js';

// The scoring run on the engine under test (TRAILMAP_WAREHOUSE): stored scores = the models run
// directly, a second run replaces the first, an interrupted run leaves the previous one visible.
const T0 = Date.UTC(2026, 10, 1, 12);
const OPTIONS = { k: 3 };

let dir: string;
let store: EventStore;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-scores-'));
  store = await openTestStore(dir);
  await loadDemo(store, { events: 8000, seed: 42 });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ms = (d: EventStore) => d.db.dialect;

/** Every stored row of the run at `at`, as each person's PersonScores. */
async function storedScores(at: number, summary: ScoreRunSummary): Promise<Map<string, PersonScores>> {
  const d = ms(store);
  const rows = await store.db.query<{ person_id: string; score: string; num: unknown; text: unknown; detail: unknown }>(
    `SELECT person_id, score, num, text, detail FROM person_scores WHERE scored_at = ${d.fromEpochMs(d.param(0, at))}`,
    [at],
  );
  const by = new Map<string, Array<{ score: ScoreName; num: number | null; text: string | null; detail: unknown }>>();
  for (const r of rows) {
    const list = by.get(r.person_id) ?? [];
    list.push({ score: r.score as ScoreName, num: r.num === null ? null : Number(r.num), text: r.text === null ? null : String(r.text), detail: typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail });
    by.set(r.person_id, list);
  }
  const clv = isSkipped(summary.clv) ? { horizon: 0, unit: 'day' as const } : summary.clv;
  return new Map([...by].map(([id, list]) => [id, personScoresFromRows(summary.scoredAt, list, clv)!]));
}

/** Equal to the last bits the text round trip through the engine may change (DuckDB keeps every bit; ClickHouse's fast float parse may not). */
const close = (a: number, b: number, what: string) => assert.ok(a === b || Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b)), `${what}: ${a} ≠ ${b}`);

describe('scoring run', () => {
  test('an empty run table: no latest run, no person scores (ClickHouse max() would say 1970)', async () => {
    assert.equal(await latestScoreRun(store.db), null);
    assert.equal(await personScores(store.db, 'anyone'), null);
  });

  test('every person scored: the stored scores equal runRfm, runPersonas, runClv and runChurn run directly', { timeout: 300_000 }, async () => {
    // As the server and CLI run it: on the consent-scoped events (the demo's people who refused analytics are not scored).
    const summary = await runPersonScores(await store.analysisDb(), OPTIONS, T0);
    assert.equal(summary.scoredAt, new Date(T0).toISOString());
    assert.deepEqual(await latestScoreRun(store.db), JSON.parse(JSON.stringify(summary)));
    const defs = scoreRunDefinitions(scoreRunOptionsSchema.parse(OPTIONS));
    const db = await store.readSession();
    const rfm = await runRfm(db, defs.rfm, { people: true });
    const personas = await runPersonas(db, defs.personas);
    const clv = await runClv(db, defs.clv, { people: true });
    const churn = await runChurn(db, defs.churn);
    assert.ok(rfm.customers > 20 && personas.k === 3 && (clv.people ?? []).length > 20 && churn.people.length > 20, 'the demo fits every model');

    const stored = await storedScores(T0, summary);
    const everyone = new Set([...(rfm.people ?? []).map((p) => p.personId), ...personas.assignments.map((a) => a.personId), ...(clv.people ?? []).map((p) => p.personId), ...churn.people.map((p) => p.personId)]);
    assert.equal(summary.people, everyone.size);
    assert.deepEqual([...stored.keys()].sort(), [...everyone].sort(), 'every scored person has rows, nobody else');

    const rfmOf = new Map((rfm.people ?? []).map((p) => [p.personId, p]));
    const personaOf = new Map(personas.assignments.map((a) => [a.personId, a.cluster]));
    const clvOf = new Map((clv.people ?? []).map((p) => [p.personId, p]));
    const churnOf = new Map(churn.people.map((p) => [p.personId, p]));
    for (const id of everyone) {
      const s = stored.get(id)!;
      const r = rfmOf.get(id);
      assert.deepEqual(s.rfm, r ? { r: r.r, f: r.f, m: r.m, group: r.group } : null, `rfm ${id}`);
      const c = personaOf.get(id);
      const cluster = personas.clusters.find((x) => x.cluster === c);
      assert.deepEqual(s.persona, c === undefined ? null : { key: personaKey(c), cluster: c, name: { en: cluster!.name.en, zh: cluster!.name.zh } }, `persona ${id}`);
      const v = clvOf.get(id);
      if (!v) assert.equal(s.clv, null, `clv ${id}`);
      else {
        close(s.clv!.clv, v.clv, `clv ${id}`);
        close(s.clv!.pAlive, v.pAlive, `pAlive ${id}`);
        close(s.clv!.expectedPurchases, v.expectedPurchases, `expectedPurchases ${id}`);
        assert.deepEqual([s.clv!.horizon, s.clv!.unit], [90, 'day']);
      }
      const ch = churnOf.get(id);
      if (!ch) assert.equal(s.churn, null, `churn ${id}`);
      else {
        close(s.churn!.risk, ch.probability, `churn risk ${id}`);
        assert.deepEqual(s.churn!.reasons, JSON.parse(JSON.stringify(ch.reasons)), `churn reasons ${id}`);
      }
    }
    // The reader the profile uses gives the same as the bulk read.
    for (const id of [...everyone].slice(0, 15)) assert.deepEqual(await personScores(db, id), stored.get(id));
    assert.ok(!isSkipped(summary.personas) && summary.personas.clusters.map((c) => c.size).reduce((a, b) => a + b, 0) === personas.people);
    assert.ok(!isSkipped(summary.churn) && summary.churn.scored === churn.scored && summary.churn.auc === churn.validation.auc);
  });

  test('a second run replaces the first: one run row, one scored_at left', { timeout: 300_000 }, async () => {
    const T1 = T0 + 3_600_000;
    const second = await runPersonScores(await store.analysisDb(), { ...OPTIONS, windowDays: 14 }, T1);
    assert.equal((await latestScoreRun(store.db))?.scoredAt, new Date(T1).toISOString());
    assert.equal(second.options.windowDays, 14);
    const d = ms(store);
    const runs = await store.db.query<{ n: unknown }>('SELECT count(*) AS n FROM person_score_runs');
    assert.equal(Number(runs[0]!.n), 1);
    const instants = await store.db.query<{ t: unknown }>(`SELECT DISTINCT CAST(${d.epochMs('scored_at')} AS BIGINT) AS t FROM person_scores`);
    assert.deepEqual(instants.map((r) => Number(r.t)), [T1]);
    // A run asked for at an instant not after the latest gets the next millisecond (never two runs at one instant).
    const again = await runPersonScores(await store.analysisDb(), OPTIONS, T1);
    assert.equal(again.scoredAt, new Date(T1 + 1).toISOString());
  });

  test('a run stopped after its rows but before its run row leaves the previous run visible; the next run clears its rows', { timeout: 300_000 }, async () => {
    const before = await latestScoreRun(store.db);
    assert.ok(before);
    const at = Date.parse(before.scoredAt);
    const [someone] = await store.db.query<{ person_id: string }>(`SELECT person_id FROM person_scores WHERE score = 'churnRisk' ORDER BY person_id LIMIT 1`);
    const id = someone!.person_id;
    const visible = await personScores(store.db, id);
    assert.ok(visible?.churn);
    // What an interrupted run leaves: rows at a later instant, no run row.
    const later = at + 60_000;
    const d = ms(store);
    await store.db.exec(
      `INSERT INTO person_scores (scored_at, person_id, score, num, text, detail) VALUES (${d.fromEpochMs(d.param(0, later))}, ${d.param(1, id)}, 'churnRisk', 0.123456, NULL, '[]'), (${d.fromEpochMs(d.param(2, later))}, ${d.param(3, id)}, 'rfmGroup', NULL, 'lost', NULL)`,
      [later, id, later, id],
    );
    assert.deepEqual(await latestScoreRun(store.db), before, 'the run of the unfinished rows is not visible');
    assert.deepEqual(await personScores(store.db, id), visible, "the person's scores are the previous run's");
    const next = await runPersonScores(await store.analysisDb(), OPTIONS, later + 60_000);
    const left = await store.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM person_scores WHERE scored_at <> ${d.fromEpochMs(d.param(0, Date.parse(next.scoredAt)))}`, [Date.parse(next.scoredAt)]);
    assert.equal(Number(left[0]!.n), 0, 'the next complete run deleted the unfinished rows');
    assert.equal((await personScores(store.db, id))?.scoredAt, next.scoredAt);
  });

  test('models the data cannot fit are skipped with their reason; the run still completes', { timeout: 300_000 }, async () => {
    const s = await runPersonScores(await store.analysisDb(), { ...OPTIONS, purchase: 'Never Happened' }, T0 + 86_400_000);
    assert.ok(isSkipped(s.rfm) && /Never Happened/.test(s.rfm.skipped), JSON.stringify(s.rfm));
    assert.ok(isSkipped(s.clv), JSON.stringify(s.clv));
    assert.ok(!isSkipped(s.personas), 'personas need no purchase');
    const stored = await storedScores(Date.parse(s.scoredAt), s);
    assert.ok(stored.size > 0);
    for (const p of stored.values()) assert.deepEqual([p.rfm, p.clv], [null, null]);
    assert.deepEqual(await latestScoreRun(store.db), JSON.parse(JSON.stringify(s)));
  });
});
