import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isTextScore, SCORE_NAMES, segmentMembersReference, segmentRuleSchema, type AnalyticsEvent, type ScoreName, type ScoreValues, type SegmentRule, type SegmentRuleInput } from '@trailmap/core';
import { Params, segmentMembers, segmentPreview } from '../src/index.js';
import { openEngines, type Engines } from './support/engines.js';
import { randomEvents, rng } from './support/random-events.js';

// The segment condition { score, op, value } on the stored model scores of the latest complete
// scoring run: TS reference = DuckDB = ClickHouse, on hand fixtures, random rules over random
// score rows (people without scores, a stale older run and a run still being written, both to be
// ignored), hostile values, and a store with no run at all. Score rows are inserted with plain SQL.
let engines: Engines;
before(async () => {
  engines = await openEngines();
});
after(() => engines.close());

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 6);
const parse = (r: SegmentRuleInput) => segmentRuleSchema.parse(r);

interface ScoreRow {
  at: number;
  person: string;
  score: ScoreName;
  num: number | null;
  text: string | null;
}

/** Replace both engines' person_scores and person_score_runs with these rows and completed runs. */
async function storeScores(rows: readonly ScoreRow[], runs: readonly number[]): Promise<void> {
  for (const [, wh] of engines.all) {
    await wh.exec('TRUNCATE TABLE person_scores');
    await wh.exec('TRUNCATE TABLE person_score_runs');
    const d = wh.dialect;
    for (let i = 0; i < rows.length; i += 100) {
      const p = new Params(d);
      const values = rows
        .slice(i, i + 100)
        .map((r) => `(${d.fromEpochMs(p.add(r.at))}, ${p.add(r.person)}, ${p.add(r.score)}, ${r.num === null ? 'NULL' : `CAST(${p.add(r.num)} AS DOUBLE)`}, ${r.text === null ? 'NULL' : p.add(r.text)}, NULL)`)
        .join(', ');
      await wh.exec(`INSERT INTO person_scores (scored_at, person_id, score, num, text, detail) VALUES ${values}`, p.values);
    }
    for (const at of runs)
      await wh.exec(`INSERT INTO person_score_runs (scored_at, completed_at, people, summary) VALUES (${d.fromEpochMs(d.param(0, at))}, ${d.fromEpochMs(d.param(1, at + 60_000))}, ${d.param(2, 0)}, ${d.param(3, '{}')})`, [at, at + 60_000, 0, '{}']);
  }
}

/** What a reader sees: the rows of the latest completed run, by person and score (a null value is no value). */
function latestScores(rows: readonly ScoreRow[], runs: readonly number[]): Map<string, ScoreValues> {
  const out = new Map<string, ScoreValues>();
  if (runs.length === 0) return out;
  const at = Math.max(...runs);
  for (const r of rows) {
    if (r.at !== at) continue;
    const v = isTextScore(r.score) ? r.text : r.num;
    if (v === null) continue;
    const m = out.get(r.person) ?? {};
    m[r.score] = v;
    out.set(r.person, m);
  }
  return out;
}

async function agree(events: readonly AnalyticsEvent[], rule: SegmentRule, asOf: number, scores: ReadonlyMap<string, ScoreValues>, saved: Record<string, SegmentRule> = {}, label = ''): Promise<string[]> {
  const resolve = (k: string) => saved[k];
  const expected = [...segmentMembersReference(events, rule, asOf, resolve, undefined, scores)].sort();
  for (const [name, wh] of engines.all) {
    const got = await segmentMembers(wh, rule, asOf, resolve);
    assert.deepEqual(got, expected, `${name} ${label}: ${JSON.stringify(rule)}`);
  }
  return expected;
}

const ev = (personId: string, day: number): AnalyticsEvent => ({
  messageId: `${personId}-${day}`, personId, timestamp: START + day * DAY, type: 'track', event: 'Product Viewed', name: null, touchpoint: 'web_product', channel: 'web', touchpointType: 'digital', stage: 'purchase', properties: {}, traits: {}, context: {},
});

describe('segments with score conditions: TS reference = DuckDB = ClickHouse', () => {
  test('hand fixtures: numeric and text scores under every op; the stale run and a run being written are ignored', async () => {
    const events = ['ann', 'bob', 'cat', 'dan', 'eve'].map((p, i) => ev(p, i + 1));
    await engines.load(events);
    const old = START + 2 * DAY;
    const run = START + 5 * DAY;
    const writing = START + 9 * DAY; // rows in, no person_score_runs row yet
    const row = (at: number, person: string, score: ScoreName, v: number | string | null): ScoreRow => ({ at, person, score, num: typeof v === 'number' ? v : null, text: typeof v === 'string' ? v : null });
    const rows: ScoreRow[] = [
      row(run, 'ann', 'clv', 120.5), row(run, 'ann', 'rfmR', 5), row(run, 'ann', 'rfmGroup', 'champions'), row(run, 'ann', 'churnRisk', 0.1),
      row(run, 'bob', 'clv', 2), row(run, 'bob', 'rfmR', 2), row(run, 'bob', 'rfmGroup', 'at_risk'), row(run, 'bob', 'persona', 'persona-2'), row(run, 'bob', 'churnRisk', 0.8),
      row(run, 'cat', 'clv', 0), row(run, 'cat', 'rfmR', 1), row(run, 'cat', 'rfmGroup', "o'hara; --"), row(run, 'cat', 'persona', 'persona-1'),
      row(run, 'dan', 'clv', null), // a row without a value is no value
      // eve has no score in the latest run; the older one and the one being written give her some.
      row(old, 'eve', 'clv', 999), row(old, 'eve', 'rfmGroup', 'champions'), row(old, 'ann', 'clv', 1), row(old, 'dan', 'persona', 'persona-1'),
      row(writing, 'eve', 'clv', 50), row(writing, 'dan', 'rfmR', 5), row(writing, 'ann', 'persona', 'persona-9'),
    ];
    const runs = [old, run];
    await storeScores(rows, runs);
    const scores = latestScores(rows, runs);
    const asOf = START + 30 * DAY;
    const cases: Array<[SegmentRuleInput, string[]]> = [
      [{ score: 'clv', op: 'is_set' }, ['ann', 'bob', 'cat']],
      [{ score: 'clv', op: 'is_not_set' }, ['dan', 'eve']],
      [{ score: 'clv', op: 'eq', value: 2 }, ['bob']],
      [{ score: 'clv', op: 'eq', value: '2.0' }, ['bob']],
      [{ score: 'clv', op: 'eq', value: 'x' }, []],
      [{ score: 'clv', op: 'neq', value: 2 }, ['ann', 'cat']],
      [{ score: 'clv', op: 'neq', value: 'x' }, ['ann', 'bob', 'cat']],
      [{ score: 'clv', op: 'in', value: [0, 120.5, 'x'] }, ['ann', 'cat']],
      [{ score: 'clv', op: 'not_in', value: [0, 'y'] }, ['ann', 'bob']],
      [{ score: 'clv', op: 'contains', value: '2' }, []],
      [{ score: 'clv', op: 'gt', value: 2 }, ['ann']],
      [{ score: 'clv', op: 'gte', value: 2 }, ['ann', 'bob']],
      [{ score: 'clv', op: 'lt', value: '2' }, ['cat']],
      [{ score: 'clv', op: 'lte', value: 120.5 }, ['ann', 'bob', 'cat']],
      [{ score: 'rfmR', op: 'gte', value: 2 }, ['ann', 'bob']],
      [{ score: 'churnRisk', op: 'gt', value: 0.7 }, ['bob']],
      [{ score: 'pAlive', op: 'is_not_set' }, ['ann', 'bob', 'cat', 'dan', 'eve']],
      [{ score: 'rfmGroup', op: 'eq', value: 'champions' }, ['ann']],
      [{ score: 'rfmGroup', op: 'neq', value: 'champions' }, ['bob', 'cat']],
      [{ score: 'rfmGroup', op: 'in', value: ['at_risk', "o'hara; --"] }, ['bob', 'cat']],
      [{ score: 'rfmGroup', op: 'not_in', value: ['at_risk'] }, ['ann', 'cat']],
      [{ score: 'rfmGroup', op: 'contains', value: 'ion' }, ['ann']],
      [{ score: 'rfmGroup', op: 'gt', value: 1 }, []],
      [{ score: 'rfmGroup', op: 'is_not_set' }, ['dan', 'eve']],
      [{ score: 'persona', op: 'eq', value: 'persona-1' }, ['cat']],
      [{ score: 'persona', op: 'is_set' }, ['bob', 'cat']],
      [{ score: 'persona', op: 'neq', value: 'persona-1' }, ['bob']],
      [{ all: [{ score: 'rfmR', op: 'lte', value: 2 }, { not: { score: 'persona', op: 'eq', value: 'persona-2' } }] }, ['cat']],
      [{ any: [{ score: 'churnRisk', op: 'gt', value: 0.5 }, { inSegment: 'big' }] }, ['ann', 'bob']],
    ];
    const saved = { big: parse({ score: 'clv', op: 'gt', value: 100 }) };
    for (const [rule, members] of cases) assert.deepEqual(await agree(events, parse(rule), asOf, scores, saved, 'fixture'), members, JSON.stringify(rule));
    // The segment's instant selects the people (events up to it), not the run.
    assert.deepEqual(await agree(events, parse({ score: 'clv', op: 'is_set' }), START + 1.5 * DAY, scores), ['ann']);
    for (const [name, wh] of engines.all) assert.deepEqual(await segmentPreview(wh, parse({ score: 'rfmGroup', op: 'is_set' }), asOf, 2), { count: 3, sample: ['ann', 'bob'] }, name);
  });

  for (const seed of [11, 12]) {
    test(`random score rows and random rules, seed ${seed}`, async () => {
      const events = randomEvents({ seed, people: 50, perPerson: [1, 12], spanMs: 30 * DAY });
      await engines.load(events);
      const people = [...new Set(events.map((e) => e.personId))];
      const r = rng(seed * 7919);
      const NUMS: Record<string, readonly number[]> = { rfmR: [1, 2, 3, 4, 5], rfmF: [1, 2, 3, 4, 5], rfmM: [1, 3, 5], clv: [0, 2, 12.5, 40, 100.25], pAlive: [0, 0.25, 0.5, 1], expectedPurchases: [0, 0.5, 1.75, 3], churnRisk: [0, 0.1, 0.5, 0.9] };
      const TEXTS: Record<string, readonly string[]> = { rfmGroup: ['champions', 'loyal', 'at_risk', 'hibernating', "o'hara; --"], persona: ['persona-1', 'persona-2', 'persona-3'] };
      const value = (s: ScoreName) => (isTextScore(s) ? { num: null, text: r.pick(TEXTS[s]!) } : { num: r.pick(NUMS[s]!), text: null });
      const runAt = START + 20 * DAY;
      const rows: ScoreRow[] = [];
      for (const person of people) {
        // The stale run scored everyone, the run being written too; the latest about 70% of them.
        for (const at of [START + 3 * DAY, START + 25 * DAY]) for (const score of SCORE_NAMES) rows.push({ at, person, score, ...value(score) });
        if (r.chance(0.3)) continue;
        for (const score of SCORE_NAMES) if (r.chance(0.8)) rows.push({ at: runAt, person, score, ...(r.chance(0.05) ? { num: null, text: null } : value(score)) });
      }
      const runs = [START + 3 * DAY, runAt];
      await storeScores(rows, runs);
      const scores = latestScores(rows, runs);
      const condition = (): SegmentRuleInput => {
        const score = r.pick(SCORE_NAMES);
        const op = r.pick(['eq', 'neq', 'in', 'not_in', 'contains', 'gt', 'gte', 'lt', 'lte', 'is_set', 'is_not_set'] as const);
        if (op === 'is_set' || op === 'is_not_set') return { score, op };
        if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') return { score, op, value: isTextScore(score) ? r.int(0, 3) : r.pick([...NUMS[score]!, 0.3, String(r.pick(NUMS[score]!))]) };
        const one = () => (isTextScore(score) ? r.pick([...TEXTS[score]!, '1', 'ion']) : r.pick<string | number>([...NUMS[score]!, String(r.pick(NUMS[score]!)), 'x', '']));
        if (op === 'in' || op === 'not_in') return { score, op, value: [one(), one()] };
        return { score, op, value: one() };
      };
      const saved = { churny: parse({ score: 'churnRisk', op: 'gte', value: 0.5 }) };
      let nonTrivial = 0;
      for (let i = 0; i < 40; i++) {
        const parts: SegmentRuleInput[] = Array.from({ length: r.int(1, 3) }, () => (r.chance(0.2) ? { not: condition() } : condition()));
        if (r.chance(0.2)) parts.push({ inSegment: 'churny' });
        if (r.chance(0.2)) parts.push({ performed: { event: 'Order Completed' } });
        const rule = parse(parts.length === 1 ? parts[0]! : r.chance(0.5) ? { all: parts } : { any: parts });
        const members = await agree(events, rule, START + r.int(5, 40) * DAY, scores, saved, `seed ${seed} rule ${i}`);
        if (members.length > 0 && members.length < people.length) nonTrivial++;
      }
      assert.ok(nonTrivial >= 15, `most random rules split the people (${nonTrivial} of 40)`);
    });
  }

  test('hostile values are inert; a hostile score name is refused by the schema', async () => {
    const events = ['ann', 'bob'].map((p, i) => ev(p, i + 1));
    await engines.load(events);
    const at = START + 5 * DAY;
    const hostile = ["'); DROP TABLE person_scores; --", "o'hara; --", '") OR 1=1 --', '会员\u0000', '$1', '{p0:String}', '\\'];
    const rows: ScoreRow[] = [{ at, person: 'ann', score: 'rfmGroup', num: null, text: hostile[0]! }, { at, person: 'bob', score: 'persona', num: null, text: '$1' }, { at, person: 'bob', score: 'clv', num: 3, text: null }];
    await storeScores(rows, [at]);
    const scores = latestScores(rows, [at]);
    const asOf = START + 10 * DAY;
    for (const h of hostile)
      for (const rule of [{ score: 'rfmGroup', op: 'eq', value: h }, { score: 'persona', op: 'contains', value: h }, { score: 'clv', op: 'in', value: [h, 3] }, { score: 'rfmGroup', op: 'not_in', value: [h] }, { score: 'clv', op: 'neq', value: h }] as SegmentRuleInput[])
        await agree(events, parse(rule), asOf, scores, {}, 'hostile');
    assert.deepEqual(await agree(events, parse({ score: 'rfmGroup', op: 'eq', value: hostile[0]! }), asOf, scores), ['ann']);
    assert.deepEqual(await agree(events, parse({ score: 'persona', op: 'eq', value: '$1' }), asOf, scores), ['bob']);
    for (const [name, wh] of engines.all) {
      const [row] = await wh.query<{ n: number | bigint }>('SELECT count(*) AS n FROM person_scores');
      assert.equal(Number(row!.n), rows.length, `${name}: person_scores is intact`);
    }
    for (const score of ["clv'; --", 'CLV', '', 'detail']) assert.equal(segmentRuleSchema.safeParse({ score, op: 'is_set' }).success, false, score);
  });

  test('no completed run: no one has a score, rows of a run being written (even at 1970) do not count', async () => {
    const events = ['ann', 'bob', 'cat'].map((p, i) => ev(p, i + 1));
    await engines.load(events);
    const asOf = START + 10 * DAY;
    for (const rows of [[], [{ at: 0, person: 'ann', score: 'clv', num: 5, text: null }, { at: 0, person: 'bob', score: 'rfmGroup', num: null, text: 'champions' }, { at: START, person: 'cat', score: 'clv', num: 1, text: null }]] as ScoreRow[][]) {
      await storeScores(rows, []);
      const none = new Map<string, ScoreValues>();
      for (const score of SCORE_NAMES) {
        assert.deepEqual(await agree(events, parse({ score, op: 'is_not_set' }), asOf, none), ['ann', 'bob', 'cat'], score);
        assert.deepEqual(await agree(events, parse({ score, op: 'is_set' }), asOf, none), [], score);
        assert.deepEqual(await agree(events, parse({ score, op: 'neq', value: 'zzz' }), asOf, none), [], score);
        assert.deepEqual(await agree(events, parse({ score, op: 'not_in', value: [5] }), asOf, none), [], score);
      }
    }
  });
});
