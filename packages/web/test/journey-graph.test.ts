import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { journeyDefinitionSchema, journeyStepSchema, stepTargets, type JourneyDefinition } from '@trailmap/core';
import { addStep, connect, deleteStep, layout, outEdges, renameStep, STEP_TYPES, TRIGGER_NODE, LAYER_GAP, COLUMN_GAP } from '../src/journeys/journey-graph.js';
import { clientIssues, issueStep, parsePath, stepIssues } from '../src/journeys/journey-validation.js';

// The journey builder's pure graph edits and layout (packages/web/src/journeys/journey-graph.ts)
// against core's schema: every new step is a valid step, edits keep the graph's references, the
// layout is layered by depth from the start, and validation issues land on their step and field.
const cart = (): JourneyDefinition =>
  journeyDefinitionSchema.parse({
    name: 'Abandoned cart',
    trigger: { type: 'event', event: 'Product Added', correlate: 'cartId' },
    start: 'wait_for_order',
    steps: [
      { id: 'wait_for_order', type: 'waitForEvent', event: 'Order Completed', timeout: '4h', next: null, onTimeout: 'reminder' },
      { id: 'reminder', type: 'send', channel: 'email', template: { body: { en: '<p>Hi</p>' } }, next: null },
    ],
    goal: { event: 'Order Completed' },
  });

test('a new step of every type is valid for the schema, and the journey with it too (once it is reached or not)', () => {
  let def = cart();
  for (const type of STEP_TYPES) {
    const r = addStep(def, type, { x: 1, y: 2 });
    const step = r.def.steps.find((s) => s.id === r.id)!;
    assert.equal(step.type, type);
    assert.ok(journeyStepSchema.safeParse(step).success, `${type}: ${JSON.stringify(journeyStepSchema.safeParse(step).error?.issues)}`);
    def = r.def;
  }
  assert.deepEqual(clientIssues(def), [], 'the journey with one step of each type validates');
  assert.equal(new Set(def.steps.map((s) => s.id)).size, def.steps.length, 'fresh ids');
});

test('edges: labels by kind; connect, delete and rename keep the references', () => {
  const def = cart();
  assert.deepEqual(outEdges(def.steps[0]!).map((e) => [e.handle, e.kind, e.target]), [['next', 'event', null], ['onTimeout', 'onTimeout', 'reminder']]);
  const split = addStep(def, 'split');
  const sv = outEdges(split.def.steps.at(-1)!);
  assert.deepEqual(sv.map((e) => [e.handle, e.name, e.percent]), [['variants.0.next', 'a', 45], ['variants.1.next', 'b', 45]]);

  const linked = connect(def, 'wait_for_order', 'next', 'reminder');
  assert.equal((linked.steps[0] as { next: string | null }).next, 'reminder');
  assert.equal(connect(def, TRIGGER_NODE, 'start', 'reminder').start, 'reminder');
  const withSplit = connect(split.def, split.id, 'variants.1.next', 'reminder');
  assert.deepEqual(stepTargets(withSplit.steps.at(-1)!).map(([, t]) => t), [null, 'reminder']);

  const renamed = renameStep(linked, 'reminder', 'email');
  assert.deepEqual(stepTargets(renamed.steps[0]!).map(([, t]) => t), ['email', 'email']);
  assert.equal(renamed.steps[1]!.id, 'email');
  assert.equal(renameStep(def, 'wait_for_order', 'w').start, 'w');

  const gone = deleteStep(linked, 'reminder');
  assert.deepEqual(stepTargets(gone.steps[0]!).map(([, t]) => t), [null, null], 'edges into a deleted step end the run');
  assert.equal(deleteStep(def, 'wait_for_order').start, 'reminder', 'deleting the start moves it to the first step left');

  const loop = addStep(def, 'loop');
  const looped = deleteStep(loop.def, 'wait_for_order');
  const l = looped.steps.find((s) => s.id === loop.id)!;
  assert.ok(l.type === 'loop' && l.body === 'wait_for_order', 'a loop body is never null: it keeps the id and validation names it');
  assert.ok(clientIssues(looped).some((i) => issueStep(looped, i) === loop.id));
});

test('layout: layered by breadth-first depth from the start; steps with ui keep it unless all', () => {
  const def = cart();
  const pos = layout(def);
  assert.deepEqual(pos.get('wait_for_order'), { x: 0, y: LAYER_GAP });
  assert.deepEqual(pos.get('reminder'), { x: 0, y: 2 * LAYER_GAP });
  const moved = { ...def, steps: def.steps.map((s) => (s.id === 'reminder' ? { ...s, ui: { x: 500, y: 9 } } : s)) };
  assert.deepEqual(layout(moved).get('reminder'), { x: 500, y: 9 });
  assert.deepEqual(layout(moved, true).get('reminder'), { x: 0, y: 2 * LAYER_GAP });

  // Any graph: every step placed, none on top of another, a step reached from another in a layer below it (or the unreached last).
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.option(fc.constantFrom(...ids), { nil: null }), fc.option(fc.constantFrom(...ids), { nil: null })), { minLength: 6, maxLength: 6 }), (targets) => {
      const g = {
        ...def,
        start: 'a',
        steps: ids.map((id, k) => ({ id, type: 'waitForEvent' as const, event: 'E', where: [], correlated: true, timeout: '1h', next: targets[k]![0], onTimeout: targets[k]![1] })),
      };
      const p = layout(g);
      assert.equal(p.size, ids.length);
      assert.equal(new Set([...p.values()].map((v) => `${v.x},${v.y}`)).size, ids.length);
      for (const v of p.values()) assert.equal(v.y % LAYER_GAP, 0);
      for (const v of p.values()) assert.equal(Math.abs((v.x * 2) % COLUMN_GAP), 0, "columns on the grid (half a column apart at most)");
      assert.equal(p.get('a')!.y, LAYER_GAP);
    }),
  );
});

test('issues: server path texts parse; issues land on their step and field', () => {
  assert.deepEqual(parsePath('steps.0.next'), ['steps', 0, 'next']);
  assert.deepEqual(parsePath('steps[1].branches[0].next'), ['steps', 1, 'branches', 0, 'next']);
  assert.deepEqual(parsePath('/steps/2/timeout'), ['steps', 2, 'timeout']);
  const broken = connect(cart(), 'wait_for_order', 'onTimeout', 'nowhere');
  const issues = clientIssues(broken);
  assert.equal(issues.length, 1);
  assert.deepEqual(issues[0]!.path, ['steps', 0, 'onTimeout']);
  assert.match(issues[0]!.message, /nowhere/);
  assert.deepEqual([...stepIssues(broken, issues, 'wait_for_order').keys()], ['onTimeout']);
  assert.equal(stepIssues(broken, issues, 'reminder').size, 0);
});
