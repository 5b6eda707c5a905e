import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SegmentRuleInput } from '@trailmap/core';
import { leafCount, leafRule, newRoot, nodeOfField, rootDepth, rootRule, ruleToRoot, type RootNode, type TreeNode } from '../src/segments/rule-tree.js';
import { addChild, mapNode, setNegated } from '../src/segments/rule-tree-edit.js';
import { newGroupNode, newLeafNode } from '../src/segments/rule-tree.js';

// The segment builder's conversion (packages/web/src/segments/rule-tree.ts): a saved rule loaded
// into the builder and written back is the same rule, for rules of every kind the API holds.
// Core-free: the rules are generated here in the shapes core's segmentRuleSchema takes (stored:
// durations in ms, atLeast and op present; as sent: durations as text, defaults left out).

type Rule = SegmentRuleInput;
const MAX_DEPTH = 8; // core's MAX_RULE_DEPTH

/** Objects as JSON.parse makes them (fast-check's records have no prototype by default). */
const plain = { noNullPrototype: true } as const;
const name = fc.string({ minLength: 1, maxLength: 10 });
const key = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,8}$/);
const number = fc.oneof(fc.integer({ min: -1000, max: 1_000_000 }), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)));
const scalar = fc.oneof(fc.string({ maxLength: 8 }), number, fc.boolean());
const comparison = fc.oneof(
  fc.record({ op: fc.constantFrom('is_set', 'is_not_set') }, plain),
  fc.record({ op: fc.constantFrom('in', 'not_in'), value: fc.array(scalar, { minLength: 1, maxLength: 4 }) }, plain),
  fc.record({ op: fc.constantFrom('eq', 'neq', 'contains'), value: scalar }, plain),
  fc.record({ op: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: number }, plain),
  fc.record({ value: scalar }, plain), // op left out: eq
);
const duration = fc.oneof(fc.integer({ min: 1, max: 3650 * 86_400_000 }), fc.constantFrom('7d', '30d', '90d', '365d', '45d', '2w', '12h'));
const names = fc.oneof(name, fc.array(name, { minLength: 1, maxLength: 3 }));
const instant = fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString());
const matcher = fc.record(
  { event: names, touchpoint: names, channel: names, stage: names, where: fc.array(fc.tuple(name, comparison).map(([property, c]) => ({ property, ...c })), { maxLength: 3 }) },
  { requiredKeys: [], ...plain },
);
const performed = fc
  .record({ performed: matcher, atLeast: fc.integer({ min: 0, max: 20 }), atMost: fc.integer({ min: 0, max: 40 }), within: duration }, { requiredKeys: ['performed'], ...plain })
  .filter((r) => r.atMost === undefined || r.atMost >= (r.atLeast ?? 1));
const seenWindow = fc.record({ before: instant, after: instant, within: duration }, { requiredKeys: [], ...plain }).filter((w) => Object.keys(w).length > 0);
const scoreName = fc.constantFrom('rfmGroup', 'rfmR', 'rfmF', 'rfmM', 'persona', 'clv', 'pAlive', 'expectedPurchases', 'churnRisk');

const leaf: fc.Arbitrary<Rule> = fc.oneof(
  fc.tuple(name, comparison).map(([trait, c]) => ({ trait, ...c }) as Rule),
  fc.tuple(key, comparison).map(([computedTrait, c]) => ({ computedTrait, ...c }) as Rule),
  fc.tuple(scoreName, comparison).map(([score, c]) => ({ score, ...c }) as Rule),
  performed as fc.Arbitrary<Rule>,
  seenWindow.map((firstSeen) => ({ firstSeen }) as Rule),
  seenWindow.map((lastSeen) => ({ lastSeen }) as Rule),
  key.map((inSegment) => ({ inSegment })),
  key.map((notInSegment) => ({ notInSegment })),
);

const { rule } = fc.letrec<{ rule: Rule }>((tie) => ({
  rule: fc.oneof(
    { maxDepth: MAX_DEPTH, depthSize: 'small' },
    leaf,
    fc.array(tie('rule'), { minLength: 1, maxLength: 4 }).map((all) => ({ all })),
    fc.array(tie('rule'), { minLength: 1, maxLength: 4 }).map((any) => ({ any })),
    tie('rule').map((not) => ({ not })),
  ),
}));

/** Leaves and nesting as core's ruleSize counts them. */
function size(r: Rule): { conditions: number; depth: number } {
  if ('all' in r || 'any' in r) {
    const parts = ('all' in r ? r.all : r.any).map(size);
    return { conditions: parts.reduce((s, p) => s + p.conditions, 0), depth: 1 + Math.max(0, ...parts.map((p) => p.depth)) };
  }
  if ('not' in r) {
    const p = size(r.not);
    return { conditions: p.conditions, depth: p.depth + 1 };
  }
  return { conditions: 1, depth: 0 };
}

/** Every leaf of a rule with the API's name for its field (`all[1].not`). */
function leaves(r: Rule, at = ''): Array<{ field: string; leaf: Rule }> {
  if ('all' in r) return r.all.flatMap((c, i) => leaves(c, `${at}.all[${i}]`));
  if ('any' in r) return r.any.flatMap((c, i) => leaves(c, `${at}.any[${i}]`));
  if ('not' in r) return leaves(r.not, `${at}.not`);
  return [{ field: at, leaf: r }];
}

function find(n: TreeNode, id: number): TreeNode | undefined {
  if (n.id === id) return n;
  return n.type === 'group' ? n.children.map((c) => find(c, id)).find((x) => x !== undefined) : undefined;
}

const validRule = rule.filter((r) => size(r).depth <= MAX_DEPTH && size(r).conditions <= 50);

test('a rule loaded into the builder and written back is the same rule (stored and as-sent forms, every kind, nested all / any / not)', () => {
  fc.assert(
    fc.property(validRule, (r) => {
      assert.deepStrictEqual(rootRule(ruleToRoot(r)), r);
      const fromApi = JSON.parse(JSON.stringify(r)) as Rule;
      assert.deepStrictEqual(rootRule(ruleToRoot(fromApi)), fromApi);
    }),
    { numRuns: 2000 },
  );
});

test('the builder counts nesting and conditions as core does, so its limits are the API\'s', () => {
  fc.assert(
    fc.property(validRule, (r) => {
      const root = ruleToRoot(r);
      assert.equal(rootDepth(root), size(r).depth);
      assert.equal(leafCount(root), size(r).conditions);
    }),
    { numRuns: 500 },
  );
});

test('a 400 naming a field of the rule lands on the condition holding it', () => {
  fc.assert(
    fc.property(validRule, (r) => {
      const root = ruleToRoot(r);
      for (const { field, leaf } of leaves(r)) {
        const at = nodeOfField(root, `rule${field}.value`);
        const node = find(root, at.id);
        assert.ok(node && node.type === 'leaf', `${field} names a condition`);
        assert.deepStrictEqual(leafRule(node.leaf), leaf);
        assert.equal(at.rest, 'value');
      }
    }),
    { numRuns: 500 },
  );
  // A field that names no condition ("rule"): the root.
  const root = ruleToRoot({ all: [{ inSegment: 'a' }, { inSegment: 'b' }] });
  assert.equal(nodeOfField(root, 'rule').id, root.id);
  assert.equal(nodeOfField(root, null).id, root.id);
});

test('unknown conditions are kept as they are; a new builder writes one bare condition, a second makes an all', () => {
  const future = { all: [{ trait: 'plan', value: 'pro' }, { not: { someday: { x: 1 } } }] } as unknown as Rule;
  assert.deepStrictEqual(rootRule(ruleToRoot(future)), future);

  let root: RootNode = newRoot();
  assert.deepStrictEqual(rootRule(root), { performed: {}, atLeast: 1, within: '30d' });
  root = setNegated(root, root.children[0]!.id, true);
  assert.deepStrictEqual(rootRule(root), { not: { performed: {}, atLeast: 1, within: '30d' } });
  const group = newGroupNode();
  root = addChild(root, root.id, group);
  root = addChild(root, group.id, newLeafNode());
  root = setNegated(root, group.id, true);
  const one = { performed: {}, atLeast: 1, within: '30d' };
  assert.deepStrictEqual(rootRule(root), { all: [{ not: one }, { not: { all: [one, one] } }] });
  assert.equal(rootDepth(root), 3);
  // An incomplete condition anywhere: no rule yet.
  root = mapNode(root, group.children[0]!.id, (n) => (n.type === 'leaf' ? { ...n, leaf: { ...n.leaf, kind: 'inSegment', segment: '' } } : n));
  assert.equal(rootRule(root), null);
});
