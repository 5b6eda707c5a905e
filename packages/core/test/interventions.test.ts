import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyTwinIntervention, candidateInterventions, INTERVENTION_DEFAULTS, interventionOverrideSchemaFor, interventionOverridesSchema, overrideKindIssue, rankInterventions,
  scoreTouchpoints, twinChainFromSpec, twinConversionProbability, twinProbability, TWIN_CONVERSION as CONV, TWIN_DROP as DROP, TWIN_START as START,
  type InterventionCandidate, type TouchpointEvidence, type TwinChain,
} from '../src/index.js';

const close = (a: number, b: number, what = '', tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} vs ${b}`);

// start → A; A → B 0.4 | C 0.1 | drop 0.5; B → conversion 0.5 | drop 0.5; C → conversion 1.
// On paper: P(conv) = 0.4 × 0.5 + 0.1 × 1 = 0.3. A's most likely next step is B (0.4 > 0.1).
const CHAIN = twinChainFromSpec({
  transitions: { [START]: { A: 1 }, A: { B: 0.4, C: 0.1, [DROP]: 0.5 }, B: { [CONV]: 0.5, [DROP]: 0.5 }, C: { [CONV]: 1 } },
});
const ev = (touchpoint: string, over: Partial<TouchpointEvidence>): TouchpointEvidence => ({
  touchpoint, channel: null, stage: 'awareness', reach: 100, frequency: 1, removalEffect: null, dropOff: 0.5, sentiment: null, csat: null, ...over,
});
// A alone: drop-off 0.5 ≥ 25% proposes fix_drop_off; at the median (of itself) it is also proposed for personalise.
const A = [ev('A', {})];
const candidates = (overrides = {}, evidence = A) => candidateInterventions(scoreTouchpoints(evidence), evidence, CHAIN, 8, overrides);
const applyAll = (chain: TwinChain, c: InterventionCandidate) =>
  c.twin.reduce((cur, iv) => {
    assert.notEqual(iv.kind, 'shift_segment_mix');
    const r = applyTwinIntervention(cur, iv as Exclude<typeof iv, { kind: 'shift_segment_mix' }>);
    assert.ok(r.ok, JSON.stringify(r));
    return r.value;
  }, chain);
const byId = (cs: InterventionCandidate[], id: string) => {
  const c = cs.find((x) => x.id === id);
  assert.ok(c, `${id} in ${cs.map((x) => x.id).join(', ')}`);
  return c;
};

describe('interventions: effect parameters', () => {
  test('the defaults build the same twin as before: fix_drop_off moves a fifth of P(drop) to the next step', () => {
    const fix = byId(candidates(), 'fix_drop_off:A');
    // share 0.2: P(A→B) = 0.4 + 0.2 × 0.5 = 0.5, i.e. factor 1 + 0.2 × 0.5 / 0.4 = 1.25.
    assert.deepEqual(fix.twin, [{ kind: 'scale_transition', from: 'A', to: 'B', factor: 1.25 }]);
    assert.deepEqual(fix.params, { share: 0.2 });
    assert.equal(fix.source.effect, 'default');
    assert.equal(fix.effect, '20% of the people who drop after the touchpoint go on to its most common next step (B) instead');
    const pers = byId(candidates(), 'personalise:A');
    assert.deepEqual(pers.params, { share: 0.05 });
    close((pers.twin[0] as { factor: number }).factor, 1 + (0.05 * 0.5) / 0.4, 'personalise factor');
  });

  test('doubling share doubles the probability mass moved from the drop (and, here, the conversion uplift)', () => {
    // Baseline P(A→B) = 0.4, P(A→drop) = 0.5, P(conv) = 0.3.
    // share 0.2 → moved 0.2 × 0.5 = 0.10: P(A→B) 0.5, P(A→drop) 0.4, P(conv) = 0.5 × 0.5 + 0.1 = 0.35 (+0.05).
    // share 0.4 → moved 0.4 × 0.5 = 0.20: P(A→B) 0.6, P(A→drop) 0.3, P(conv) = 0.6 × 0.5 + 0.1 = 0.40 (+0.10).
    const base = twinConversionProbability(CHAIN);
    close(base, 0.3, 'baseline P(conv)');
    const one = applyAll(CHAIN, byId(candidates(), 'fix_drop_off:A'));
    const two = applyAll(CHAIN, byId(candidates({ 'fix_drop_off:A': { share: 0.4 } }), 'fix_drop_off:A'));
    close(twinProbability(one, 'A', 'B') - 0.4, 0.1, 'moved at 0.2');
    close(twinProbability(two, 'A', 'B') - 0.4, 0.2, 'moved at 0.4');
    close(twinProbability(one, 'A', DROP), 0.4, 'drop at 0.2');
    close(twinProbability(two, 'A', DROP), 0.3, 'drop at 0.4');
    close(twinProbability(two, 'A', 'C'), 0.1, 'the other step is untouched');
    close(twinConversionProbability(one) - base, 0.05, 'uplift at 0.2');
    close(twinConversionProbability(two) - base, 0.1, 'uplift at 0.4');
    // share 1: every drop goes on, P(A→B) = 0.9.
    close(twinProbability(applyAll(CHAIN, byId(candidates({ 'fix_drop_off:A': { share: 1 } }), 'fix_drop_off:A')), 'A', 'B'), 0.9, 'share 1');
  });

  test('an edited share is stated: params, source user and the effect text from the numbers; other ids keep their defaults', () => {
    const cs = candidates({ 'fix_drop_off:A': { share: 0.4, cost: 1 } });
    const fix = byId(cs, 'fix_drop_off:A');
    assert.deepEqual(fix.params, { share: 0.4 });
    assert.equal(fix.source.effect, 'user');
    assert.match(fix.effect, /^40% of the people who drop/);
    assert.equal(byId(cs, 'personalise:A').source.effect, 'default');
    // Feasibility or cost alone do not make the effect the team's.
    assert.equal(byId(candidates({ 'fix_drop_off:A': { cost: 5 } }), 'fix_drop_off:A').source.effect, 'default');
  });

  test('add_reminder / add_channel: reach and lift become the new touchpoint\'s probability and conversion lift', () => {
    const ev2 = [ev('A', { stage: 'conversion', channel: 'web' })];
    const d = candidates({}, ev2);
    assert.deepEqual(byId(d, 'add_reminder:A').twin, [{ kind: 'add_touchpoint', label: 'Reminder after A', after: 'A', probability: 0.5, conversionLift: 0.1 }]);
    assert.deepEqual(byId(d, 'add_channel:A').twin, [{ kind: 'add_touchpoint', label: 'A (another channel)', after: 'A', probability: 0.2, conversionLift: 0.05 }]);
    assert.equal(byId(d, 'add_reminder:A').effect, '50% of the people at the touchpoint get a reminder that converts 10 points more often than the touchpoint alone');
    const e = candidates({ 'add_reminder:A': { reach: 0.25 }, 'add_channel:A': { lift: 0.2 } }, ev2);
    const rem = byId(e, 'add_reminder:A');
    assert.deepEqual(rem.params, { reach: 0.25, lift: 0.1 }, 'an unset lift keeps its default');
    assert.equal(rem.source.effect, 'user');
    assert.equal((rem.twin[0] as { probability: number }).probability, 0.25);
    // After the reminder: P(A→Reminder) = 0.25 and A's own row shrinks by 0.75: P(A→B) = 0.3.
    const after = applyAll(CHAIN, rem);
    close(twinProbability(after, 'A', 'Reminder after A'), 0.25, 'reach');
    close(twinProbability(after, 'A', 'B'), 0.3, 'the rest shrinks');
    assert.match(byId(e, 'add_channel:A').effect, /20% of the people .* converts 20 points more often/);
  });

  test('a parameter of another kind is refused, naming the field', () => {
    assert.deepEqual(overrideKindIssue('add_reminder:A', { share: 0.3 })?.field, 'share');
    assert.deepEqual(overrideKindIssue('fix_drop_off:A', { lift: 0.3 })?.field, 'lift');
    assert.equal(overrideKindIssue('fix_drop_off:A', { share: 0.3, cost: 1 }), null);
    assert.equal(overrideKindIssue('custom:A', { cost: 1 }), null, 'feasibility and cost apply to any id');
    assert.equal(overrideKindIssue('custom:A', { reach: 0.5 })?.field, 'reach');
    const one = interventionOverrideSchemaFor('personalise:X').safeParse({ reach: 0.5 });
    assert.ok(!one.success);
    assert.deepEqual(one.error.issues[0]!.path, ['reach']);
    assert.match(one.error.issues[0]!.message, /does not apply to personalise \(it takes share\)/);
    const all = interventionOverridesSchema.safeParse({ 'fix_drop_off:A': { share: 0.3 }, 'add_channel:B': { share: 0.3 } });
    assert.ok(!all.success);
    assert.deepEqual(all.error.issues[0]!.path, ['add_channel:B', 'share']);
    for (const [k, v] of [['share', 1.5], ['share', -0.1], ['reach', 0], ['lift', 2]] as const)
      assert.ok(!interventionOverrideSchemaFor(k === 'share' ? 'fix_drop_off:A' : 'add_reminder:A').safeParse({ [k]: v }).success, `${k}=${v}`);
  });

  test('ranking keeps the effect source next to feasibility and cost', () => {
    const cs = candidates({ 'fix_drop_off:A': { share: 0.4 } });
    const iv = { estimate: 0, low: 0, high: 0 };
    const ranked = rankInterventions(cs.map((c, i) => ({ ...c, uplift: { conversions: iv, revenue: { estimate: 100 * (i + 1), low: 0, high: 0 }, conversionRate: iv } })), { 'personalise:A': { cost: 10 } });
    const fix = ranked.find((r) => r.id === 'fix_drop_off:A')!;
    assert.deepEqual(fix.source, { effect: 'user', feasibility: 'default', cost: 'default' });
    assert.equal(fix.cost, INTERVENTION_DEFAULTS.fix_drop_off.cost);
    assert.deepEqual(ranked.find((r) => r.id === 'personalise:A')!.source, { effect: 'default', feasibility: 'default', cost: 'user' });
  });
});
