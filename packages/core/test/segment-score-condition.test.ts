import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  computedTraitConditionHolds,
  computedTraitDefinitionSchema,
  FILTER_OPS,
  inlineSegments,
  referencedScores,
  ruleTiming,
  scoreConditionHolds,
  segmentMembersReference,
  segmentRuleSchema,
  type AnalyticsEvent,
  type ScoreValues,
  type SegmentRuleInput,
} from '../src/index.js';

// The { score, op, value } segment condition in core: its schema, timing, and the reference's
// comparison (numbers as numeric computed traits compare, text as a trait's text).
const parse = (r: SegmentRuleInput) => segmentRuleSchema.parse(r);
const ev = (personId: string, day: number): AnalyticsEvent => ({
  messageId: `${personId}-${day}`, personId, timestamp: Date.UTC(2025, 0, day), type: 'track', event: 'Product Viewed', name: null, touchpoint: 'web', channel: 'web', touchpointType: 'digital', stage: 'purchase', properties: {}, traits: {}, context: {},
});

describe('segment score conditions', () => {
  test('the schema takes the score names only, and checks op against value as every comparison does', () => {
    assert.deepEqual(parse({ score: 'churnRisk', op: 'gt', value: 0.7 }), { score: 'churnRisk', op: 'gt', value: 0.7 });
    assert.deepEqual(parse({ score: 'rfmGroup', value: 'champions' }), { score: 'rfmGroup', op: 'eq', value: 'champions' }, 'op defaults to eq');
    for (const bad of [{ score: 'nope', op: 'is_set' }, { score: "clv' --", op: 'is_set' }, { score: 'clv', op: 'gt', value: 'x' }, { score: 'clv', op: 'in', value: 1 }, { score: 'clv', op: 'eq' }, { score: 'clv', op: 'is_set', extra: 1 }])
      assert.equal(segmentRuleSchema.safeParse(bad).success, false, JSON.stringify(bad));
  });

  test('score conditions are batch (a scoring run changes them), also through a saved segment; referencedScores lists each once', () => {
    assert.equal(ruleTiming(parse({ score: 'clv', op: 'is_set' })), 'batch');
    assert.equal(ruleTiming(parse({ not: { all: [{ trait: 'plan', value: 'pro' }, { score: 'persona', value: 'persona-1' }] } })), 'batch');
    const saved = parse({ score: 'rfmR', op: 'gte', value: 4 });
    assert.equal(ruleTiming(parse({ inSegment: 'best' }), (k) => (k === 'best' ? saved : undefined)), 'batch');
    assert.equal(ruleTiming(parse({ trait: 'plan', value: 'pro' })), 'realtime');
    assert.deepEqual(referencedScores(parse({ any: [{ score: 'clv', op: 'gt', value: 1 }, { not: { score: 'clv', op: 'lt', value: 0 } }, { score: 'persona', op: 'is_set' }] })), ['clv', 'persona']);
    assert.deepEqual(inlineSegments(parse({ notInSegment: 'best' }), () => saved), { not: saved });
  });

  test('numeric scores compare exactly as a numeric computed trait does, under every op', () => {
    const def = computedTraitDefinitionSchema.parse({ key: 'n', name: 'N', aggregate: 'sum', event: 'x', property: 'v' });
    const values = [undefined, 0, 2, 2.5, 120.5];
    const operands: unknown[] = [0, 2, '2.0', 'x', '', 2.5, [2, 'x'], [0, 120.5]];
    let checked = 0;
    for (const op of FILTER_OPS)
      for (const value of op === 'is_set' || op === 'is_not_set' ? [undefined] : operands) {
        const c = segmentRuleSchema.safeParse({ score: 'clv', op, value });
        const t = segmentRuleSchema.safeParse({ computedTrait: 'n', op, value });
        assert.equal(c.success, t.success, `${op} ${JSON.stringify(value)}`);
        if (!c.success || !t.success) continue;
        for (const v of values) {
          assert.equal(scoreConditionHolds(v, c.data as never), computedTraitConditionHolds(v, def, t.data as never), `${v} ${op} ${JSON.stringify(value)}`);
          checked++;
        }
      }
    assert.ok(checked > 100, `${checked} comparisons`);
    const holds = (v: number | undefined, r: SegmentRuleInput) => scoreConditionHolds(v, parse(r) as never);
    assert.equal(holds(2, { score: 'rfmR', value: '2.0' }), true);
    assert.equal(holds(2, { score: 'rfmR', op: 'contains', value: '2' }), false);
    assert.equal(holds(2, { score: 'rfmR', op: 'neq', value: 'x' }), true);
    assert.equal(holds(undefined, { score: 'rfmR', op: 'neq', value: 3 }), false);
  });

  test('text scores compare as text', () => {
    const holds = (v: string | undefined, r: SegmentRuleInput) => scoreConditionHolds(v, parse(r) as never);
    assert.equal(holds('champions', { score: 'rfmGroup', value: 'champions' }), true);
    assert.equal(holds('champions', { score: 'rfmGroup', op: 'contains', value: 'amp' }), true);
    assert.equal(holds('persona-1', { score: 'persona', op: 'in', value: ['persona-2', 'persona-1'] }), true);
    assert.equal(holds('persona-1', { score: 'persona', op: 'gt', value: 0 }), false);
    assert.equal(holds(undefined, { score: 'persona', op: 'is_not_set' }), true);
    assert.equal(holds(undefined, { score: 'persona', op: 'neq', value: 'persona-1' }), false);
  });

  test('the reference reads the scores it is given; without them no one has a score', () => {
    const events = [ev('ann', 1), ev('bob', 2), ev('cat', 3)];
    const scores = new Map<string, ScoreValues>([
      ['ann', { clv: 10, rfmGroup: 'champions' }],
      ['bob', { clv: 1 }],
      ['zed', { clv: 99 }], // no events: not among the people
    ]);
    const members = (r: SegmentRuleInput, s?: ReadonlyMap<string, ScoreValues>) => [...segmentMembersReference(events, parse(r), Date.UTC(2025, 0, 10), undefined, undefined, s)].sort();
    assert.deepEqual(members({ score: 'clv', op: 'gt', value: 5 }, scores), ['ann']);
    assert.deepEqual(members({ score: 'clv', op: 'is_not_set' }, scores), ['cat']);
    assert.deepEqual(members({ score: 'rfmGroup', op: 'neq', value: 'loyal' }, scores), ['ann']);
    assert.deepEqual(members({ all: [{ score: 'clv', op: 'lt', value: 5 }, { not: { score: 'rfmGroup', op: 'is_set' } }] }, scores), ['bob']);
    assert.deepEqual(members({ score: 'clv', op: 'is_not_set' }), ['ann', 'bob', 'cat'], 'no scores given: no one has one');
    assert.deepEqual(members({ score: 'clv', op: 'is_set' }), []);
  });
});
