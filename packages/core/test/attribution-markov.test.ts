import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildAttributionChain, chainConversionProbabilities, encodeJourneys, markovAttribution, type Journey, type MarkovResult } from '../src/index.js';
import { assertClose, journey, randomJourneys } from './attribution-fixtures.js';

const effects = (r: MarkovResult) => Object.fromEntries(r.rows.map((x) => [x.name, x.removalEffect]));
const attributed = (r: MarkovResult) => Object.fromEntries(r.rows.map((x) => [x.name, [x.conversions, x.value]]));

describe('Markov attribution: hand-calculated', () => {
  test('order 1 on A→B→conv (100), A→null, B→conv (50)', () => {
    // Counts: start→A 2, start→B 1; A→B 1, A→null 1; B→conv 2.
    // P(conv) = ⅔·½·1 + ⅓·1 = ⅔.
    // Without A: start→A goes to null, P = ⅓ → RE_A = 1 − ⅓/⅔ = ½.
    // Without B: nothing reaches conversion → RE_B = 1.
    // Σ RE = 1.5: A gets 2·½/1.5 = ⅔ conversion and 150·⅓ = 50; B gets 4/3 and 100.
    const r = markovAttribution([journey('A B', true, 100), journey('A', false), journey('B', true, 50)]);
    assert.ok(Math.abs(r.conversionProbability - 2 / 3) < 1e-12);
    assertClose(effects(r), { A: 0.5, B: 1 });
    assertClose(attributed(r), { A: [2 / 3, 50], B: [4 / 3, 100] });
    assert.equal(r.states, 2);
    assert.equal(r.conversions, 2);
  });

  test('order 1 with a cycle A→B→A: solved to the exact absorption probability', () => {
    // Journeys A→B→A→conv and B→null. Counts: start→A 1, start→B 1; A→B 1, A→conv 1; B→A 1, B→null 1.
    // p_A = ½ + ½ p_B, p_B = ½ p_A → p_A = ⅔, p_B = ⅓; P(conv) = ½·⅔ + ½·⅓ = ½.
    // Without A: 0 → RE_A = 1. Without B: p_A = ½, P = ¼ → RE_B = ½. A gets ⅔, B ⅓ of 1 conversion.
    const r = markovAttribution([journey('A B A', true, 90), journey('B', false)]);
    assert.ok(Math.abs(r.conversionProbability - 0.5) < 1e-12);
    assertClose(effects(r), { A: 1, B: 0.5 });
    assertClose(attributed(r), { A: [2 / 3, 60], B: [1 / 3, 30] });
  });

  test('order 1: a repeated touch is a self-loop; repeats count unless collapsed', () => {
    // A A B→conv, A→null, B→null. Counts: start→A 2, start→B 1; A→A 1, A→B 1, A→null 1; B→conv 1, B→null 1.
    // p_B = ½; p_A = ⅓ p_A + ⅓ p_B → p_A = ¼; P(conv) = ⅔·¼ + ⅓·½ = ⅓.
    // Without A: ⅓·½ = ⅙ → RE_A = ½; without B: RE_B = 1.
    const js = [journey('A A B', true, 30), journey('A', false), journey('B', false)];
    const r = markovAttribution(js);
    assert.ok(Math.abs(r.conversionProbability - 1 / 3) < 1e-12);
    assertClose(effects(r), { A: 0.5, B: 1 });
    // At order 2 the repeat is its own state (A,A): 3 states (A), (A,A), (A,B) plus (B) → 4; collapsed (A A B → A B): 3.
    assert.equal(markovAttribution(js, { order: 2 }).states, 4);
    assert.equal(markovAttribution(js, { order: 2, collapseRepeats: true }).states, 3);
  });

  test('order matters: A→C→conv, B→C→null (order 1 cannot tell them apart, order 2 can)', () => {
    const js: Journey[] = [journey('A C', true, 10), journey('B C', false)];
    // Order 1: start→A ½, start→B ½; A→C, B→C; C→conv ½, C→null ½. P = ½.
    // Without A: ½·½ = ¼ → RE_A = ½; likewise RE_B = ½; without C: 0 → RE_C = 1. Shares ¼, ¼, ½.
    const o1 = markovAttribution(js, { order: 1 });
    assertClose(effects(o1), { A: 0.5, B: 0.5, C: 1 });
    assertClose(attributed(o1), { A: [0.25, 2.5], B: [0.25, 2.5], C: [0.5, 5] });
    // Order 2: states (A), (B), (A,C), (B,C); (A,C)→conv, (B,C)→null. P = ½.
    // Without A: 0 → RE_A = 1; without B: still ½ → RE_B = 0; without C: 0 → RE_C = 1. Shares ½, 0, ½.
    const o2 = markovAttribution(js, { order: 2 });
    assertClose(effects(o2), { A: 1, B: 0, C: 1 });
    assertClose(attributed(o2), { A: [0.5, 5], B: [0, 0], C: [0.5, 5] });
    assert.equal(o2.states, 4);
  });

  test('order matters: A→X→C→conv, B→X→C→null (order 2 cannot tell them apart, order 3 can)', () => {
    const js: Journey[] = [journey('A X C', true, 10), journey('B X C', false)];
    // Order 2: (A)→(A,X)→(X,C) and (B)→(B,X)→(X,C); (X,C)→conv ½, null ½. P = ½.
    // RE_A = RE_B = ½, RE_X = RE_C = 1; Σ = 3 → A, B ⅙ each, X, C ⅓ each.
    const o2 = markovAttribution(js, { order: 2 });
    assertClose(effects(o2), { A: 0.5, B: 0.5, X: 1, C: 1 });
    assertClose(attributed(o2), { A: [1 / 6, 10 / 6], B: [1 / 6, 10 / 6], X: [1 / 3, 10 / 3], C: [1 / 3, 10 / 3] });
    // Order 3: (A,X,C)→conv, (B,X,C)→null. RE_A = 1, RE_B = 0, RE_X = RE_C = 1 → A, X, C ⅓ each, B 0.
    const o3 = markovAttribution(js, { order: 3 });
    assertClose(effects(o3), { A: 1, B: 0, X: 1, C: 1 });
    assertClose(attributed(o3), { A: [1 / 3, 10 / 3], B: [0, 0], X: [1 / 3, 10 / 3], C: [1 / 3, 10 / 3] });
    // Order 4 on 3-touch paths is the same chain as order 3 (tuples never fill up).
    assertClose(effects(markovAttribution(js, { order: 4 })), effects(o3));
  });

  test('nothing converts: every removal effect and credit is 0', () => {
    const r = markovAttribution([journey('A B', false), journey('B', false)]);
    assert.equal(r.conversionProbability, 0);
    assert.ok(r.rows.every((x) => x.removalEffect === 0 && x.conversions === 0 && x.share === 0));
    assert.throws(() => markovAttribution([journey('A', true, 1)], { order: 5 }));
  });
});

/** Dense Gaussian elimination of (I − Q) p = r: an independent check of the iterative solver. */
function denseAbsorption(js: Journey[], order: number, removedLabel: string | null): number {
  const enc = encodeJourneys(js);
  const chain = buildAttributionChain(enc, order);
  const n = chain.stateCount;
  const removed = removedLabel === null ? -1 : enc.labels.indexOf(removedLabel);
  const isRemoved = (s: number) => removed >= 0 && s > 0 && Array.from(chain.stateLabels.subarray(s * order, s * order + order)).includes(removed);
  const a = Array.from({ length: n }, () => new Array<number>(n + 1).fill(0));
  for (let s = 0; s < n; s++) {
    a[s]![s] = 1;
    if (isRemoved(s)) continue; // p_s = 0
    a[s]![n] = chain.conversions[s]! / chain.outTotal[s]!;
    for (let e = chain.edgeOffsets[s]!; e < chain.edgeOffsets[s + 1]!; e++) a[s]![chain.edgeTargets[e]!]! -= chain.edgeCounts[e]! / chain.outTotal[s]!;
  }
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[piv]![c]!)) piv = r;
    [a[c], a[piv]] = [a[piv]!, a[c]!];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      if (f !== 0) for (let k = c; k <= n; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return a[0]![n]! / a[0]![0]!;
}

describe('Markov attribution: iterative solver against a dense solve', () => {
  for (const order of [1, 2, 3]) {
    test(`random journeys with repeats and cycles, order ${order}`, () => {
      const js = randomJourneys(300, ['a', 'b', 'c', 'd'], 11 + order);
      const r = markovAttribution(js, { order });
      const base = denseAbsorption(js, order, null);
      assert.ok(Math.abs(r.conversionProbability - base) < 1e-10, `${r.conversionProbability} vs ${base}`);
      for (const row of r.rows) {
        const expected = 1 - denseAbsorption(js, order, row.name) / base;
        assert.ok(Math.abs(row.removalEffect - expected) < 1e-9, `${row.name}: ${row.removalEffect} vs ${expected}`);
      }
      assert.ok(Math.abs(r.rows.reduce((s, x) => s + x.conversions, 0) - r.conversions) < 1e-9);
    });
  }

  test('an acyclic chain is solved in one sweep plus the one that confirms it', () => {
    const chain = buildAttributionChain(encodeJourneys([journey('A B C', true, 1), journey('A C', false), journey('B', true, 1)]), 2);
    assert.equal(chainConversionProbabilities(chain).sweeps, 2);
  });
});
