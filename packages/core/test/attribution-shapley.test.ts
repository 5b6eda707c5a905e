import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { shapleyAttribution, type Journey, type ShapleyResult } from '../src/index.js';
import { assertClose, credit, journey, randomJourneys } from './attribution-fixtures.js';

const sum = (r: ShapleyResult, k: 'conversions' | 'value') => r.rows.reduce((s, x) => s + x[k], 0);
const row = (r: ShapleyResult, name: string) => r.rows.find((x) => x.name === name)!;

/**
 * The closed form of this coalition game, computed without coalitions: v is a sum of
 * unanimity games (one per converted journey, on its distinct labels), whose Shapley value
 * splits the journey equally among those labels.
 */
function closedForm(js: Journey[]): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const j of js) for (const t of j.touches) out[t.label] ??= [0, 0];
  for (const j of js) {
    if (!j.converted) continue;
    const set = new Set(j.touches.map((t) => t.label));
    for (const l of set) {
      out[l]![0] += 1 / set.size;
      out[l]![1] += j.value / set.size;
    }
  }
  return out;
}

describe('Shapley attribution (exact)', () => {
  test('hand-calculated: A→B→conv (100), A→null, B→conv (50)', () => {
    // Players A, B. v(∅) = 0, v({A}) = 0 (no converted journey uses only A), v({B}) = 1, v({A,B}) = 2.
    // φ_A = ½ (v(A) − v(∅)) + ½ (v(AB) − v(B)) = ½·0 + ½·1 = ½; φ_B = ½·1 + ½·2 = 1.5.
    // Value: v(B) = 50, v(AB) = 150 → φ_A = ½·100 = 50, φ_B = ½·50 + ½·150 = 100.
    const r = shapleyAttribution([journey('A B', true, 100), journey('A', false), journey('B', true, 50)]);
    assert.equal(r.method, 'exact');
    assert.equal(r.samples, null);
    assertClose(credit(r.rows), { A: [0.5, 50], B: [1.5, 100] });
    assert.ok(r.rows.every((x) => x.conversionsError === 0 && x.valueError === 0));
  });

  test('three players by hand: {A,B,C}, {A,B}, {A} convert', () => {
    // v: ∅ 0, A 1, B 0, C 0, AB 2, AC 1, BC 0, ABC 3.
    // φ_C: orders where C joins: marginal only when C completes ABC after A and B: v(ABC) − v(AB) = 1, chance ⅓ → ⅓.
    // φ_B: after ∅ (⅓): 0; after A only (⅙): 1; after C only (⅙): 0; after AC (⅓): v(ABC) − v(AC) = 2 → ⅙ + ⅔ = ⅚.
    // φ_A = 3 − ⅓ − ⅚ = 11/6 (efficiency); closed form: 1 + ½ + ⅓ = 11/6. ✓
    const r = shapleyAttribution([journey('A B C', true, 60), journey('B A', true, 20), journey('A', true, 10)]);
    assertClose(credit(r.rows), { A: [11 / 6, 10 + 10 + 20], B: [5 / 6, 10 + 20], C: [1 / 3, 20] });
  });

  test('efficiency: the values add up to the total conversions and value', () => {
    const js = randomJourneys(500, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'], 3);
    const r = shapleyAttribution(js);
    assert.equal(r.method, 'exact');
    assert.equal(r.players, 12);
    assert.ok(Math.abs(sum(r, 'conversions') - r.conversions) < 1e-9);
    assert.ok(Math.abs(sum(r, 'value') - r.value) < 1e-7);
    assert.equal(r.conversions, js.filter((j) => j.converted).length);
  });

  test('equals the closed form (each conversion split over its distinct labels) on random journeys', () => {
    const js = randomJourneys(400, ['a', 'b', 'c', 'd', 'e', 'f', 'g'], 5, 8);
    assertClose(credit(shapleyAttribution(js).rows), closedForm(js), 1e-7);
  });

  test('symmetry: interchangeable players get equal values', () => {
    // Swapping A and B maps the set of journeys onto itself.
    const js = [
      journey('A C', true, 10),
      journey('B C', true, 10),
      journey('A B', true, 30),
      journey('B A', true, 30),
      journey('A', true, 5),
      journey('B', true, 5),
      journey('C A B', false),
    ];
    const r = shapleyAttribution(js);
    assert.ok(Math.abs(row(r, 'A').conversions - row(r, 'B').conversions) < 1e-12);
    assert.ok(Math.abs(row(r, 'A').value - row(r, 'B').value) < 1e-12);
    assert.ok(row(r, 'A').conversions > row(r, 'C').conversions);
  });

  test('null player: a label that never appears in a converted journey gets 0', () => {
    const js = [...randomJourneys(100, ['a', 'b', 'c'], 9), journey('a D', false), journey('D D b', false)];
    const r = shapleyAttribution(js);
    assert.equal(r.players, 4);
    assert.equal(row(r, 'D').conversions, 0);
    assert.equal(row(r, 'D').value, 0);
  });
});

describe('Shapley attribution (Monte Carlo)', () => {
  const labels = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9'];
  const js = randomJourneys(2000, labels, 21, 7);

  test('10 players: every estimate is within 4 standard errors of the exact value', () => {
    const exact = shapleyAttribution(js, { method: 'exact' });
    const mc = shapleyAttribution(js, { method: 'monte-carlo', samples: 3000, seed: 42 });
    assert.equal(mc.method, 'monte-carlo');
    assert.equal(mc.samples, 3000);
    for (const x of exact.rows) {
      const m = row(mc, x.name);
      assert.ok(m.conversionsError > 0 && m.valueError > 0, `${x.name} has a stated error`);
      // The error is small relative to the value: the estimate is informative, not just wide.
      assert.ok(m.conversionsError < 0.05 * x.conversions, `${x.name}: error ${m.conversionsError} for ${x.conversions}`);
      assert.ok(Math.abs(m.conversions - x.conversions) <= 4 * m.conversionsError, `${x.name}: ${m.conversions} vs exact ${x.conversions} ± ${m.conversionsError}`);
      assert.ok(Math.abs(m.value - x.value) <= 4 * m.valueError, `${x.name}: value ${m.value} vs exact ${x.value} ± ${m.valueError}`);
    }
    // Every sampled order hands out exactly v(all), so the estimates are efficient too.
    assert.ok(Math.abs(sum(mc, 'conversions') - mc.conversions) < 1e-6);
    assert.ok(Math.abs(sum(mc, 'value') - mc.value) < 1e-6);
  });

  test('more samples, smaller stated error (about 1/√samples); same seed, same result', () => {
    const small = shapleyAttribution(js, { method: 'monte-carlo', samples: 250, seed: 1 });
    const large = shapleyAttribution(js, { method: 'monte-carlo', samples: 4000, seed: 1 });
    const ratio = row(small, 'c0').conversionsError / row(large, 'c0').conversionsError;
    assert.ok(ratio > 3 && ratio < 5.5, `error ratio ${ratio}, expected about √16 = 4`);
    assert.deepEqual(shapleyAttribution(js, { method: 'monte-carlo', samples: 250, seed: 1 }), small);
  });

  test('auto: exact up to 15 players, Monte Carlo from 16; exact refused beyond 20', () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `ch${i}`);
    const fifteen = randomJourneys(300, names(15), 4);
    const sixteen = [...fifteen, journey('ch15', true, 1)];
    assert.equal(shapleyAttribution(fifteen).method, 'exact');
    const mc = shapleyAttribution(sixteen, { samples: 500 });
    assert.equal(mc.method, 'monte-carlo');
    assert.equal(mc.players, 16);
    // ch15 only converts alone: it always completes its own journey, so it gets exactly 1 with no error.
    assert.equal(row(mc, 'ch15').conversions, 1);
    assert.equal(row(mc, 'ch15').conversionsError, 0);
    assert.throws(() => shapleyAttribution(randomJourneys(100, names(21), 4, 30), { method: 'exact' }), /monte-carlo/);
  });
});
