import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fitTwin, simulateTwin, TWIN_CONVERSION as CONV, TWIN_DROP as DROP, TWIN_START as START, type TwinJourney } from '../src/index.js';

const close = (a: number | null | undefined, b: number, what = '') => assert.ok(a !== null && a !== undefined && Math.abs(a - b) <= 1e-9, `${what} ${a} vs ${b}`);

const T0 = Date.UTC(2026, 0, 1);
const journey = (labels: string[], converted: boolean, segment: string | null = null): TwinJourney => ({
  states: labels.map((label, i) => ({ label, stage: 'interest', timestamp: T0 + i * 60_000 })),
  converted,
  value: converted ? 100 : 0,
  segment,
  convertedAt: converted ? T0 + labels.length * 60_000 : null,
});

// By hand: start → A 5 of 5; A → B 3, A → C 1, A → (null) 1; B → (conversion) 2, B → (null) 1; C → (null) 1.
// P(A→B) = 0.6, P(A→C) = 0.2, P(A→null) = 0.2, P(B→conv) = 2/3; P(conversion) = 0.6 · 2/3 = 0.4.
const JOURNEYS = [journey(['A', 'B'], true), journey(['A'], false), journey(['A', 'B'], false), journey(['A', 'B'], true), journey(['A', 'C'], false)];
const MODEL = fitTwin(JOURNEYS, { minCount: 1 });
const OPTS = { draws: 50, seed: 3 };

const sim = (interventions: unknown[], conversionEvents: string[] = []) => {
  const r = simulateTwin(MODEL, interventions, OPTS, conversionEvents);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
};

describe('twin: the transition being changed, now and in the scenario', () => {
  test('scaling B → (conversion) by 1.2: 2/3 now, 0.8 after (the mass comes from (null)); conversion 0.4 → 0.48', () => {
    const s = sim([{ kind: 'scale_transition', from: 'B', to: CONV, factor: 1.2 }]);
    assert.equal(s.transitions.length, 1);
    assert.deepEqual([s.transitions[0]!.intervention, s.transitions[0]!.from, s.transitions[0]!.to], [0, 'B', CONV]);
    close(s.transitions[0]!.current, 2 / 3, 'current');
    close(s.transitions[0]!.scenario, 0.8, 'scenario');
    close(s.baseline.conversionRate.estimate, 0.4, 'baseline');
    close(s.change.conversionRate.estimate, 0.08, 'change');
    assert.deepEqual(s.notes, []);
  });

  test('the conversion event as `to` is the absorbing (conversion) state, with a note; as `from` it is refused', () => {
    const s = sim([{ kind: 'scale_transition', from: 'B', to: 'Order Completed', factor: 1.2 }], ['Order Completed']);
    assert.deepEqual(s.notes, [{ code: 'conversion_event', intervention: 0, to: CONV, event: 'Order Completed' }]);
    assert.equal(s.interventions[0]!.kind === 'scale_transition' && s.interventions[0]!.to, CONV);
    close(s.transitions[0]!.scenario, 0.8, 'scenario');
    close(s.change.conversionRate.estimate, 0.08, 'change');
    const refused = simulateTwin(MODEL, [{ kind: 'scale_transition', from: 'Order Completed', to: DROP, factor: 0.5 }], OPTS, ['Order Completed']);
    assert.ok(!refused.ok);
    assert.equal(refused.error.field, 'interventions[0].from');
    assert.match(refused.error.message, /Order Completed is the conversion event.*\(conversion\)/);
    // Without the conversion event named, the name is just unknown.
    const unknown = simulateTwin(MODEL, [{ kind: 'scale_transition', from: 'B', to: 'Order Completed', factor: 1.2 }], OPTS);
    assert.ok(!unknown.ok);
    assert.match(unknown.error.message, /unknown state Order Completed/);
  });
});

describe('twin: a scenario that cannot change the outcome says why', () => {
  test('scaling a transition that never happened (A → (conversion) is 0)', () => {
    const s = sim([{ kind: 'scale_transition', from: 'A', to: CONV, factor: 2 }]);
    assert.deepEqual(s.notes, [{ code: 'zero_probability', intervention: 0, from: 'A', to: CONV, probability: 0 }]);
    close(s.transitions[0]!.current, 0);
    close(s.transitions[0]!.scenario, 0);
    close(s.change.conversionRate.estimate, 0);
  });

  test('raising a probability that is already 1 ((start) → A)', () => {
    const s = sim([{ kind: 'scale_transition', from: START, to: 'A', factor: 1.5 }]);
    assert.deepEqual(s.notes, [{ code: 'already_certain', intervention: 0, from: START, to: 'A', probability: 1 }]);
    close(s.change.conversionRate.estimate, 0);
  });

  test('a factor of 1, or setting the probability it already has', () => {
    assert.equal(sim([{ kind: 'scale_transition', from: 'A', to: 'B', factor: 1 }]).notes[0]!.code, 'same_probability');
    const set = sim([{ kind: 'set_transition', from: 'A', to: 'B', probability: 0.6 }]);
    assert.equal(set.notes[0]!.code, 'same_probability');
    close(set.notes[0]!.probability, 0.6);
  });

  test('moving probability between outcomes that convert equally (A → C takes it from A → (null); C never converts)', () => {
    const s = sim([{ kind: 'scale_transition', from: 'A', to: 'C', factor: 2 }]);
    close(s.transitions[0]!.current, 0.2, 'current');
    close(s.transitions[0]!.scenario, 0.4, 'scenario');
    close(s.change.conversionRate.estimate, 0);
    assert.deepEqual(s.notes, [{ code: 'same_outcome', intervention: null }]);
  });

  test('a transition no journey of the segment reaches', () => {
    // C is only visited by segment y; in segment x its row is borrowed, and nobody there is at C.
    const model = fitTwin([journey(['A', 'B'], true, 'x'), journey(['A'], false, 'x'), journey(['A', 'C'], false, 'y'), journey(['A', 'C', 'B'], true, 'y')], { minCount: 1 });
    const r = simulateTwin(model, [{ kind: 'scale_transition', from: 'C', to: 'B', factor: 0.5, segment: 'x' }], OPTS);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.deepEqual(r.value.notes, [{ code: 'never_reached', intervention: 0, from: 'C', to: 'B' }]);
    assert.equal(r.value.transitions[0]!.current, null);
    close(r.value.change.conversionRate.estimate, 0);
  });
});
