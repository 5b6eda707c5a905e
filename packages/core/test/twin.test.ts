import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyTwinIntervention, applyTwinInterventions, fitTwin, sampleTwinJourneys, simulateTwin, twinAnalytics, twinBaselineMix, twinChainFromSpec, twinConversionProbability,
  twinInterventionSchema, twinProbability, twinRow, twinRowError, TWIN_CONVERSION as CONV, TWIN_DROP as DROP, TWIN_START as START,
  type TwinChain, type TwinInterventionInput, type TwinJourney,
} from '../src/index.js';

const close = (a: number, b: number, tol = 1e-9, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);

// start → A; A → B 0.5 | null 0.5; B → A 0.2 | conversion 0.6 | null 0.2. Dwell A 10 ms, B 20 ms.
// On paper: h_A = 0.5 h_B, h_B = 0.6 + 0.2 h_A ⇒ h_B = 2/3, P(conv) = h_A = 1/3.
// Visits: t_A = 1 + 0.5 t_B, t_B = 1 + 0.2 t_A ⇒ t_A = 5/3, so 5/3 touchpoints per journey.
// Converting journeys are A B (A B)^k with P ∝ 0.1^k: E[k] = 1/9, steps 2 + 2/9 = 20/9, time 30 · 10/9 ms.
const HAND = twinChainFromSpec({
  transitions: { [START]: { A: 1 }, A: { B: 0.5, [DROP]: 0.5 }, B: { A: 0.2, [CONV]: 0.6, [DROP]: 0.2 } },
  dwellMs: { A: 10, B: 20 },
});

const apply = (chain: TwinChain, iv: TwinInterventionInput): TwinChain => {
  const parsed = twinInterventionSchema.parse(iv);
  assert.notEqual(parsed.kind, 'shift_segment_mix');
  const r = applyTwinIntervention(chain, parsed as Exclude<typeof parsed, { kind: 'shift_segment_mix' }>);
  assert.ok(r.ok, JSON.stringify(r));
  return r.value;
};

describe('twin: closed-form answers on a hand-computed chain', () => {
  test('P(conversion), expected steps, steps and time to convert', () => {
    const a = twinAnalytics(HAND);
    close(a.conversionProbability, 1 / 3, 1e-12, 'P(conv)');
    close(twinConversionProbability(HAND), 1 / 3, 1e-12, 'fast P(conv)');
    close(a.expectedSteps, 5 / 3, 1e-12, 'steps');
    close(a.expectedStepsToConvert!, 20 / 9, 1e-12, 'steps to convert');
    close(a.expectedTimeToConvertMs!, 300 / 9, 1e-9, 'time to convert');
    close(a.conversionFrom[HAND.states.indexOf('B')]!, 2 / 3, 1e-12, 'h_B');
  });

  test('a chain that cannot be absorbed, or leads back to start, is refused', () => {
    assert.throws(() => twinChainFromSpec({ transitions: { [START]: { A: 1 }, A: { A: 1 } } }), /A can never reach/);
    assert.throws(() => twinAnalytics({ states: [START, 'A'], probs: Float64Array.of(0, 1, 0, 0, 0, 1, 0, 0), edgeMs: new Float64Array(8) }), /singular/);
    assert.throws(() => twinChainFromSpec({ transitions: { [START]: { A: 1 }, A: { [START]: 0.5, [DROP]: 0.5 } } }), /back to/);
    assert.throws(() => twinChainFromSpec({ transitions: { [START]: { A: 0.9 }, A: { [DROP]: 1 } } }), /sum to 1/);
  });
});

describe('twin: fitting small journeys by hand', () => {
  const j = (labels: string[], times: number[], converted: boolean, convertedAt: number | null, segment: string | null = null, value = 0): TwinJourney => ({
    states: labels.map((label, k) => ({ label, stage: label === 'A' ? 'interest' : 'conversion', timestamp: times[k]! })),
    converted, value, segment, convertedAt,
  });
  // J1: A B conv; J2: A drop; J3: A B A B conv; J4: B drop.
  const JOURNEYS = [
    j(['A', 'B'], [0, 10], true, 30, 'x', 100),
    j(['A'], [0], false, null, 'x'),
    j(['A', 'B', 'A', 'B'], [0, 5, 6, 16], true, 40, 'y', 50),
    j(['B'], [0], false, null, 'y'),
  ];
  const model = fitTwin(JOURNEYS, { minCount: 1 });
  const c = model.overall.chain;

  test('transition probabilities are counts over row totals', () => {
    assert.deepEqual(model.states, [START, 'A', 'B']);
    assert.deepEqual(twinRow(c, START), { A: 0.75, B: 0.25 });
    assert.deepEqual(twinRow(c, 'A'), { B: 0.75, [DROP]: 0.25 });
    assert.deepEqual(twinRow(c, 'B'), { A: 0.25, [CONV]: 0.5, [DROP]: 0.25 });
    assert.deepEqual([...model.visits], [4, 4, 4]);
  });

  test('the fitted chain reproduces the observed conversion rate and mean journey length exactly', () => {
    const a = twinAnalytics(c);
    close(a.conversionProbability, 2 / 4, 1e-12);
    close(a.expectedSteps, (2 + 1 + 4 + 1) / 4, 1e-12);
  });

  test('transition times and dwell: A→B (10+5+10)/3, B→conv (20+24)/2, B→A 1; dwell B = 45/3', () => {
    const w = c.states.length + 2, A = 1, B = 2;
    close(c.edgeMs[A * w + B]!, 25 / 3);
    close(c.edgeMs[B * w + 3]!, 22);
    close(c.edgeMs[B * w + A]!, 1);
    close(model.dwellMs[A]!, 25 / 3);
    close(model.dwellMs[B]!, 15);
  });

  test('segments: shares, own rows, value per conversion', () => {
    assert.deepEqual(model.segments.map((s) => [s.segment, s.share, s.conversions, s.value.mean]), [['x', 0.5, 1, 100], ['y', 0.5, 1, 50]]);
    const y = model.segments[1]!.chain;
    assert.deepEqual(twinRow(y, 'A'), { B: 1 });
    close(model.overall.value.mean, 75);
    close(model.overall.value.quantiles!.p50, 75);
  });

  test('label@stage keys, repeats collapsed, rare states pooled', () => {
    assert.deepEqual(fitTwin(JOURNEYS, { minCount: 1, stateKey: 'label@stage' }).states, [START, 'A@interest', 'B@conversion']);
    const rep = fitTwin([j(['A', 'A', 'B'], [0, 1, 2], false, null)], { minCount: 1, collapseRepeats: true });
    assert.deepEqual(twinRow(rep.overall.chain, 'A'), { B: 1 });
    const pooled = fitTwin([...JOURNEYS, j(['Z'], [0], false, null)], { minCount: 2 });
    assert.deepEqual(pooled.states, [START, 'A', 'B', '(other)']);
    assert.deepEqual(pooled.pooled, ['Z']);
    assert.throws(() => fitTwin([j(['(start)'], [0], false, null)], { minCount: 1 }), /reserved/);
  });
});

describe('twin: interventions', () => {
  test('set_transition takes the mass from (null) first, then proportionally', () => {
    const c8 = apply(HAND, { kind: 'set_transition', from: 'B', to: CONV, probability: 0.8 });
    assert.deepEqual(twinRow(c8, 'B'), { A: 0.2, [CONV]: 0.8 });
    close(twinConversionProbability(c8), 4 / 9, 1e-12); // h_B = 0.8 / 0.9
    const c9 = apply(HAND, { kind: 'set_transition', from: 'B', to: CONV, probability: 0.9 });
    close(twinProbability(c9, 'B', 'A'), 0.1, 1e-12);
    close(twinProbability(c9, 'B', DROP), 0, 1e-12);
    assert.ok(twinRowError(c9) < 1e-12);
  });

  test('scale_transition: lowering gives the mass to (null); raising (null) takes from the others', () => {
    const half = apply(HAND, { kind: 'scale_transition', from: 'A', to: 'B', factor: 0.5 });
    assert.deepEqual(twinRow(half, 'A'), { B: 0.25, [DROP]: 0.75 });
    const moreDrop = apply(HAND, { kind: 'scale_transition', from: 'B', to: DROP, factor: 2 });
    const r = twinRow(moreDrop, 'B');
    close(r[DROP]!, 0.4); close(r.A!, 0.15); close(r[CONV]!, 0.45);
    const capped = apply(HAND, { kind: 'scale_transition', from: 'B', to: CONV, factor: 10 });
    assert.deepEqual(twinRow(capped, 'B'), { [CONV]: 1 });
    for (const c of [half, moreDrop, capped]) assert.ok(twinRowError(c) < 1e-12);
  });

  test('remove_touchpoint removes the state; successors keep P(conv) (state elimination), drop is the removal effect', () => {
    const skip = apply(HAND, { kind: 'remove_touchpoint', label: 'A' });
    assert.deepEqual(skip.states, [START, 'B']);
    assert.deepEqual(twinRow(skip, START), { B: 0.5, [DROP]: 0.5 });
    const rb = twinRow(skip, 'B');
    close(rb.B!, 0.1); close(rb[CONV]!, 0.6); close(rb[DROP]!, 0.3);
    close(twinConversionProbability(skip), 1 / 3, 1e-12);
    assert.ok(twinRowError(skip) < 1e-12);
    const drop = apply(HAND, { kind: 'remove_touchpoint', label: 'B', redirect: 'drop' });
    assert.deepEqual(drop.states, [START, 'A']);
    assert.deepEqual(twinRow(drop, 'A'), { [DROP]: 1 });
    assert.equal(twinConversionProbability(drop), 0);
  });

  test('add_touchpoint inserts a state after another with its onward mix, plus a conversion lift', () => {
    const c = apply(HAND, { kind: 'add_touchpoint', label: 'Reminder', after: 'B', probability: 0.5, conversionLift: 0.1 });
    assert.deepEqual(c.states, [START, 'A', 'B', 'Reminder']);
    const b = twinRow(c, 'B'), x = twinRow(c, 'Reminder');
    close(b.Reminder!, 0.5); close(b.A!, 0.1); close(b[CONV]!, 0.3); close(b[DROP]!, 0.1);
    close(x.A!, 0.2); close(x[CONV]!, 0.7); close(x[DROP]!, 0.1);
    assert.ok(twinRowError(c) < 1e-12);
    // Without lift, the new state is a pure pass-through: P(conv) stays 1/3.
    close(twinConversionProbability(apply(HAND, { kind: 'add_touchpoint', label: 'R', after: 'B', probability: 0.5 })), 1 / 3, 1e-12);
    assert.ok(twinConversionProbability(c) > 1 / 3);
  });

  test('unknown names and bad values are errors that name the field', () => {
    const model = fitTwin(twinSample(), { minCount: 1 });
    const bad = (ivs: unknown, field: string) => {
      const r = simulateTwin(model, ivs, { draws: 20 });
      assert.ok(!r.ok && r.error.field === field, JSON.stringify(r));
    };
    bad([{ kind: 'set_transition', from: 'Nope', to: CONV, probability: 0.5 }], 'interventions[0].from');
    bad([{ kind: 'scale_transition', from: 'A', to: 'B', factor: -1 }], 'interventions[0].factor');
    bad([{ kind: 'set_transition', from: 'A', to: START, probability: 0.5 }], 'interventions[0].to');
    bad([{ kind: 'shift_segment_mix', segment: 'zzz', share: 0.5 }], 'interventions[0].segment');
    bad([{ kind: 'add_touchpoint', label: 'A', after: 'B', probability: 0.5 }], 'interventions[0].label');
    bad([{ kind: 'teleport' }], 'interventions[0].kind');
  });

  test('shift_segment_mix rescales the other segments; the mix conversion moves accordingly', () => {
    const model = fitTwin(twinSample(), { minCount: 1 });
    const r = applyTwinInterventions(twinBaselineMix(model), [{ kind: 'shift_segment_mix', segment: 'hi', share: 0.8 }]);
    assert.ok(r.ok);
    const shares = Object.fromEntries(r.value.segments.map((s) => [s.segment, s.share]));
    close(shares.hi!, 0.8); close(shares.lo!, 0.2);
    const sim = simulateTwin(model, [{ kind: 'shift_segment_mix', segment: 'hi', share: 0.8 }], { draws: 100 });
    assert.ok(sim.ok);
    assert.ok(sim.value.change.conversionRate.low > 0, JSON.stringify(sim.value.change));
  });
});

/** Two segments from two hand-written chains: 'hi' converts at 0.5 from B, 'lo' at 0.1. */
function twinSample(): TwinJourney[] {
  const mk = (conv: number) => twinChainFromSpec({
    transitions: { [START]: { A: 1 }, A: { B: 0.6, [DROP]: 0.4 }, B: { [CONV]: conv, [DROP]: 1 - conv } },
  });
  return [...sampleTwinJourneys(mk(0.5), { journeys: 3000, seed: 1, segment: 'hi' }), ...sampleTwinJourneys(mk(0.1), { journeys: 3000, seed: 2, segment: 'lo' })];
}
