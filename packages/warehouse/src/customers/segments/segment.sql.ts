import { NUMERIC_AGGREGATES, SegmentCycleError, UnknownComputedTraitError, UnknownSegmentError, checkComputedTraitComparison, conditionNumbers, isTextScore, type Comparison, type ComputedTraitCondition, type ComputedTraitResolver, type ScoreCondition, type SegmentRule, type SeenWindow } from '@trailmap/core';
import { computedTraitValueSql } from '../computed-traits/computed-trait.sql.js';
import { Params } from '../../dialect/dialect.js';
import { eventMatchSql, filterOnTextSql } from '../../analytics/sql/event-match.sql.js';
import type { SqlSession } from '../../warehouse.js';

/** Where a rule's saved segments come from while it compiles. */
export type SegmentResolver = (key: string) => SegmentRule | undefined;

/**
 * A segment rule as a parenthesised subquery of `person_id`: the people with an event at or
 * before `asOfMs` for whom the rule holds (see `segmentMembersReference`, the semantics it must
 * agree with). Every value from the rule is a bound parameter; each condition is an
 * `person_id IN (…)` test over the people, so all / any / not are AND / OR / NOT.
 * A score condition reads `person_scores` of the latest complete run in `person_score_runs`
 * whatever `asOfMs` is (only the latest run is kept); with no run, no one has a score.
 */
export function segmentSql(rule: SegmentRule, p: Params, asOfMs: number, resolve: SegmentResolver = () => undefined, traits: ComputedTraitResolver = () => undefined): string {
  const d = p.dialect;
  const asOf = () => d.fromEpochMs(p.add(asOfMs));
  const upTo = () => `timestamp <= ${asOf()}`;
  const people = () => `(SELECT DISTINCT person_id FROM ${d.events} AS events WHERE ${upTo()} AND person_id IS NOT NULL)`;

  const cond = (r: SegmentRule, path: string[]): string => {
    if ('all' in r) return `(${r.all.map((x) => cond(x, path)).join(' AND ')})`;
    if ('any' in r) return `(${r.any.map((x) => cond(x, path)).join(' OR ')})`;
    if ('not' in r) return `(NOT ${cond(r.not, path)})`;
    if ('trait' in r) {
      const v = d.jsonKey('traits', r.trait, p);
      const ord = `concat(CAST(${d.epochMs('timestamp')} + 100000000000000 AS TEXT), message_id)`;
      const latest = `(SELECT person_id, ${d.argMax('v', 'o')} AS t FROM (SELECT person_id, ${v} AS v, ${ord} AS o FROM events WHERE type = 'identify' AND ${upTo()}) AS s WHERE v IS NOT NULL GROUP BY person_id)`;
      if (r.op === 'is_not_set') return `(NOT (person_id IN (SELECT person_id FROM ${latest} AS l)))`;
      const test = filterOnTextSql('l.t', { property: r.trait, op: r.op, value: r.value }, p);
      return `(person_id IN (SELECT person_id FROM ${latest} AS l WHERE ${test}))`;
    }
    if ('performed' in r) {
      if (r.atLeast === 0 && r.atMost === undefined) return '(1 = 1)';
      const since = r.within === undefined ? '' : ` AND timestamp > ${d.fromEpochMs(p.add(asOfMs - r.within))}`;
      const matching = `SELECT person_id FROM ${d.events} AS events WHERE ${upTo()}${since} AND ${eventMatchSql(r.performed, p)} GROUP BY person_id`;
      // atLeast 0: people without a matching event qualify too, so the test is on those above atMost.
      if (r.atLeast === 0) return `(NOT (person_id IN (${matching} HAVING count(*) > ${p.add(r.atMost!)})))`;
      const most = r.atMost === undefined ? '' : ` AND count(*) <= ${p.add(r.atMost)}`;
      return `(person_id IN (${matching} HAVING count(*) >= ${p.add(r.atLeast)}${most}))`;
    }
    if ('firstSeen' in r) return seen('min', r.firstSeen);
    if ('lastSeen' in r) return seen('max', r.lastSeen);
    if ('computedTrait' in r) return computedTrait(r);
    if ('score' in r) return score(r);
    const key = 'inSegment' in r ? r.inSegment : r.notInSegment;
    if (path.includes(key)) throw new SegmentCycleError([...path, key]);
    const saved = resolve(key);
    if (!saved) throw new UnknownSegmentError(key);
    const members = `(SELECT person_id FROM ${people()} AS u${path.length + 1} WHERE ${cond(saved, [...path, key])})`;
    return 'inSegment' in r ? `(person_id IN ${members})` : `(NOT (person_id IN ${members}))`;
  };
  // A saved computed trait's values (computedTraitValueSql), compared as computedTraitConditionHolds does.
  const computedTrait = (c: ComputedTraitCondition): string => {
    const def = traits(c.computedTrait);
    if (!def) throw new UnknownComputedTraitError(c.computedTrait);
    checkComputedTraitComparison(def, c);
    // Built only where used: every value it binds must appear in the SQL.
    const having = (test: string) => `(person_id IN (SELECT person_id FROM ${computedTraitValueSql(def, p, asOfMs)} AS c WHERE ${test}))`;
    return compare(c, NUMERIC_AGGREGATES.includes(def.aggregate) ? 'CAST(c.value AS DOUBLE)' : null, 'c.value', c.computedTrait, having);
  };
  // The latest complete run's stored score (num or text), compared as scoreConditionHolds does.
  // The run is picked by ORDER BY … LIMIT 1, not max(): on ClickHouse max() over an empty table
  // gives 1970; with no run the IN list is empty and no one has a score.
  const score = (c: ScoreCondition): string => {
    const text = isTextScore(c.score);
    const latest = 'SELECT scored_at FROM person_score_runs ORDER BY scored_at DESC LIMIT 1';
    const having = (test: string) => `(person_id IN (SELECT s.person_id FROM person_scores AS s WHERE s.scored_at IN (${latest}) AND s.score = ${p.add(c.score)} AND ${test}))`;
    // num is a Nullable double already (a CAST of it fails on ClickHouse where num is NULL).
    return compare(c, text ? null : 's.num', text ? 's.text' : 's.num', c.score, having);
  };
  // One stored value `col` (NULL: none) under a comparison, as comparisonHolds: numbers under
  // every op when `n` (col as a number) is given, else text as filterOnTextSql. `having(test)` is the people whose value
  // passes `test`; it is called only where used, so every value it binds appears in the SQL.
  const compare = (c: Comparison, n: string | null, col: string, key: string, having: (test: string) => string): string => {
    if (c.op === 'is_set') return having(`${col} IS NOT NULL`);
    if (c.op === 'is_not_set') return `(NOT ${having(`${col} IS NOT NULL`)})`;
    if (n === null) return having(filterOnTextSql(col, { property: key, op: c.op, value: c.value }, p));
    const nums = conditionNumbers(c);
    const list = () => nums.map((x) => p.add(x)).join(', ');
    switch (c.op) {
      case 'eq':
        return nums.length ? having(`${n} = ${p.add(nums[0]!)}`) : '(1 = 0)';
      case 'neq':
        return nums.length ? having(`${n} <> ${p.add(nums[0]!)}`) : having(`${col} IS NOT NULL`);
      case 'in':
        return nums.length ? having(`${n} IN (${list()})`) : '(1 = 0)';
      case 'not_in':
        return nums.length ? having(`NOT (${n} IN (${list()}))`) : having(`${col} IS NOT NULL`);
      case 'contains':
        return '(1 = 0)';
      default: {
        const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op];
        return having(`${n} ${op} ${p.add(Number(c.value))}`);
      }
    }
  };
  const seen = (agg: 'min' | 'max', w: SeenWindow): string => {
    const t = `${agg}(timestamp)`;
    const tests: string[] = [];
    if (w.before !== undefined) tests.push(`${t} < ${d.fromEpochMs(p.add(Date.parse(w.before)))}`);
    if (w.after !== undefined) tests.push(`${t} >= ${d.fromEpochMs(p.add(Date.parse(w.after)))}`);
    if (w.within !== undefined) tests.push(`${t} > ${d.fromEpochMs(p.add(asOfMs - w.within))}`);
    return `(person_id IN (SELECT person_id FROM ${d.events} AS events WHERE ${upTo()} GROUP BY person_id HAVING ${tests.join(' AND ')}))`;
  };
  return `(SELECT person_id FROM ${people()} AS u0 WHERE ${cond(rule, [])})`;
}

/** The members of a rule as of an instant, sorted. */
export async function segmentMembers(db: SqlSession, rule: SegmentRule, asOfMs: number, resolve?: SegmentResolver, traits?: ComputedTraitResolver): Promise<string[]> {
  const p = new Params(db.dialect);
  const sql = segmentSql(rule, p, asOfMs, resolve, traits);
  const rows = await db.query<{ person_id: string }>(`SELECT person_id FROM ${sql} AS m ORDER BY person_id`, p.values);
  return rows.map((r) => r.person_id);
}

/** How many people a rule holds as of an instant, and the first `sample` of them (sorted). */
export async function segmentPreview(db: SqlSession, rule: SegmentRule, asOfMs: number, sample: number, resolve?: SegmentResolver, traits?: ComputedTraitResolver): Promise<{ count: number; sample: string[] }> {
  const p = new Params(db.dialect);
  const sql = segmentSql(rule, p, asOfMs, resolve, traits);
  const [row] = await db.query<{ n: number | bigint }>(`SELECT count(*) AS n FROM ${sql} AS m`, p.values);
  const q = new Params(db.dialect);
  const sql2 = segmentSql(rule, q, asOfMs, resolve, traits);
  const rows = await db.query<{ person_id: string }>(`SELECT person_id FROM ${sql2} AS m ORDER BY person_id LIMIT ${Math.max(0, Math.floor(sample))}`, q.values);
  return { count: Number(row?.n ?? 0), sample: rows.map((r) => r.person_id) };
}
