import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  attribute,
  compareModels,
  encodeJourneys,
  firstTouchAttribution,
  lastTouchAttribution,
  linearAttribution,
  positionAttribution,
  timeDecayAttribution,
  type Journey,
} from '../src/index.js';
import { assertClose, credit, DAY, journey, randomJourneys } from './attribution-fixtures.js';

// Four journeys, touch i on day i:
//   J1  A B      → conversion, value 100 (day 1)
//   J2  A        → null
//   J3  B        → conversion, value 50 (day 0)
//   J4  C A B A  → conversion, value 40 (day 3)
// 3 conversions, value 190.
const FOUR: Journey[] = [journey('A B', true, 100), journey('A', false), journey('B', true, 50), journey('C A B A', true, 40)];

describe('rule-based attribution: hand-calculated', () => {
  test('first touch: J1 → A, J3 → B, J4 → C', () => {
    const r = firstTouchAttribution(FOUR);
    assertClose(credit(r.rows), { A: [1, 100], B: [1, 50], C: [1, 40] });
    assert.equal(r.conversions, 3);
    assert.equal(r.value, 190);
    assert.equal(r.journeys, 4);
  });

  test('last touch: J1 → B, J3 → B, J4 → A (its last touch, not its first)', () => {
    const r = lastTouchAttribution(FOUR);
    assertClose(credit(r.rows), { A: [1, 40], B: [2, 150], C: [0, 0] });
    assert.deepEqual(r.rows.map((x) => x.name), ['B', 'A', 'C']);
    assertClose({ B: r.rows[0]!.share, A: r.rows[1]!.share }, { B: 2 / 3, A: 1 / 3 });
  });

  test('linear: 1/n per touch, a repeated label collects each of its touches', () => {
    // J1: A ½, B ½ (50, 50). J3: B 1 (50). J4: C ¼, A ¼ + ¼, B ¼ (10, 20, 10).
    // A = ½ + ½ = 1 (70); B = ½ + 1 + ¼ = 1.75 (110); C = ¼ (10).
    assertClose(credit(linearAttribution(FOUR).rows), { A: [1, 70], B: [1.75, 110], C: [0.25, 10] });
  });

  test('position 40/20/40: one touch 100%, two touches 50/50, middle touches share 20%', () => {
    // J1 (2 touches): A ½, B ½. J3: B 1. J4: C .4, A .1 (2nd), B .1 (3rd), A .4 (4th).
    // A = .5 + .5 = 1 (50 + 20 = 70); B = .5 + 1 + .1 = 1.6 (50 + 50 + 4 = 104); C = .4 (16).
    assertClose(credit(positionAttribution(FOUR).rows), { A: [1, 70], B: [1.6, 104], C: [0.4, 16] });
  });

  test('position 30/20 (middle 50%): two touches split first : last = 3 : 2', () => {
    // J1: A .6, B .4. J3: B 1. J4: C .3, A .25, B .25, A .2.
    // A = .6 + .45 = 1.05 (60 + 18 = 78); B = .4 + 1 + .25 = 1.65 (40 + 50 + 10 = 100); C = .3 (12).
    assertClose(credit(positionAttribution(FOUR, { first: 0.3, last: 0.2 }).rows), { A: [1.05, 78], B: [1.65, 100], C: [0.3, 12] });
    assert.throws(() => positionAttribution(FOUR, { first: 0.7, last: 0.5 }), /at most 1/);
  });

  test('time decay, half-life 1 day: weight 2^(−days before the conversion), normalised per journey', () => {
    // J1: A 1 day before (½), B 0 days (1) → A ⅓, B ⅔ (33.3, 66.7). J3: B 1 (50).
    // J4: C 3 days (⅛), A 2 (¼), B 1 (½), A 0 (1); sum 15/8 → C 1/15, A 2/15 + 8/15, B 4/15.
    // A = ⅓ + ⅔ = 1 (100/3 + 40·10/15 = 60); B = ⅔ + 1 + 4/15 = 29/15 (200/3 + 50 + 32/3 = 127⅓); C = 1/15 (8/3).
    const r = timeDecayAttribution(FOUR, { halfLife: '1d' });
    assertClose(credit(r.rows), { A: [1, 60], B: [29 / 15, 127 + 1 / 3], C: [1 / 15, 8 / 3] });
    // The same in milliseconds; a longer half-life flattens towards linear.
    assertClose(credit(timeDecayAttribution(FOUR, { halfLife: DAY }).rows), credit(r.rows));
    assertClose(credit(timeDecayAttribution(FOUR, { halfLife: 2 ** 52 }).rows), credit(linearAttribution(FOUR).rows), 1e-5);
  });

  test('time decay does not depend on when after the last touch the conversion happened, and survives tiny half-lives', () => {
    const late = [journey('A B', true, 100, 30), journey('B', true, 50, 400)];
    const early = [journey('A B', true, 100), journey('B', true, 50)];
    assertClose(credit(timeDecayAttribution(late, { halfLife: '1d' }).rows), credit(timeDecayAttribution(early, { halfLife: '1d' }).rows));
    // A is a day before B with a 1-second half-life: 2^(−86400) underflows to 0, B takes all.
    assertClose(credit(timeDecayAttribution(late, { halfLife: '1s' }).rows), { A: [0, 0], B: [2, 150] });
  });

  test('repeats count unless collapseRepeats', () => {
    const js = [journey('A A B', true, 30)];
    assertClose(credit(linearAttribution(js).rows), { A: [2 / 3, 20], B: [1 / 3, 10] });
    assertClose(credit(linearAttribution(js, { collapseRepeats: true }).rows), { A: [0.5, 15], B: [0.5, 15] });
    // Collapsed, a run keeps its last touch: A on day 1, B on day 2; half-life 1 day → A ⅓, B ⅔.
    assertClose(credit(timeDecayAttribution(js, { halfLife: '1d', collapseRepeats: true }).rows), { A: [1 / 3, 10], B: [2 / 3, 20] });
    // A pre-encoded input must be encoded the way the model asks.
    assert.throws(() => linearAttribution(encodeJourneys(js, false), { collapseRepeats: true }), /collapseRepeats/);
  });

  test('a conversion without touches is reported as unattributed, not credited', () => {
    const js = [...FOUR, journey('', true, 70), journey('', false)];
    const r = linearAttribution(js);
    assert.deepEqual(r.unattributed, { journeys: 2, conversions: 1, value: 70 });
    assert.equal(r.conversions, 3);
    assertClose(credit(r.rows), credit(linearAttribution(FOUR).rows));
  });

  test('a label only in null journeys gets a row with 0', () => {
    const r = firstTouchAttribution([...FOUR, journey('D', false)]);
    assert.deepEqual(r.rows.find((x) => x.name === 'D'), { name: 'D', conversions: 0, value: 0, share: 0 });
  });
});

describe('attribute() and compareModels()', () => {
  test('attribute() runs the model its spec names, with the spec options', () => {
    assert.deepEqual(attribute(FOUR, { model: 'position', first: 0.3, last: 0.2 }), positionAttribution(FOUR, { first: 0.3, last: 0.2 }));
    assert.deepEqual(attribute(FOUR, { model: 'time-decay', halfLife: '1d' }), timeDecayAttribution(FOUR, { halfLife: '1d' }));
    assert.throws(() => attribute(FOUR, { model: 'markov', order: 5 } as never));
    assert.throws(() => attribute(FOUR, { model: 'u-shaped' } as never));
  });

  test('compareModels: every model adds up to the same totals; the table holds each model’s numbers', () => {
    const js = randomJourneys(400, ['email', 'search', 'social', 'display', 'direct'], 7);
    const cmp = compareModels(js, { markovOrder: 2, halfLife: '2d' });
    const conversions = js.filter((j) => j.converted && j.touches.length > 0).length;
    const value = js.reduce((s, j) => s + (j.touches.length > 0 ? j.value : 0), 0);
    for (const [name, m] of Object.entries(cmp.models)) {
      const sumC = m.rows.reduce((s, r) => s + r.conversions, 0);
      const sumV = m.rows.reduce((s, r) => s + r.value, 0);
      assert.ok(Math.abs(sumC - conversions) < 1e-6, `${name}: ${sumC} conversions ≠ ${conversions}`);
      assert.ok(Math.abs(sumV - value) < 1e-6, `${name}: ${sumV} value ≠ ${value}`);
      assert.ok(Math.abs(m.rows.reduce((s, r) => s + r.share, 0) - 1) < 1e-9, `${name}: shares add up to 1`);
    }
    assert.equal(cmp.rows.length, 5);
    const email = cmp.rows.find((r) => r.name === 'email')!;
    assert.equal(email.conversions.linear, linearAttribution(js).rows.find((r) => r.name === 'email')!.conversions);
    assert.equal(email.conversions.markov, cmp.models.markov.rows.find((r) => r.name === 'email')!.conversions);
    assert.equal(cmp.models.markov.order, 2);
    assert.equal(email.removalEffect, cmp.models.markov.rows.find((r) => r.name === 'email')!.removalEffect);
  });
});
