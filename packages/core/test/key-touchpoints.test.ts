import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dissatisfaction, scoreTouchpoints, type TouchpointEvidence } from '../src/decide/index.js';

const tp = (touchpoint: string, o: Partial<TouchpointEvidence>): TouchpointEvidence => ({
  touchpoint,
  channel: 'web',
  stage: 'conversion',
  reach: 0,
  frequency: 1,
  removalEffect: null,
  dropOff: null,
  sentiment: null,
  csat: null,
  ...o,
});

test('dissatisfaction averages what is known: sentiment −1..1 → 1..0, CSAT share → 1 − share', () => {
  assert.equal(dissatisfaction({ sentiment: null, csat: null }), null);
  assert.equal(dissatisfaction({ sentiment: -1, csat: null }), 1);
  assert.equal(dissatisfaction({ sentiment: 0.5, csat: null }), 0.25);
  assert.equal(dissatisfaction({ sentiment: 0.5, csat: 0.75 }), 0.25);
  assert.equal(dissatisfaction({ sentiment: -0.6, csat: 0.4 }), (0.8 + 0.6) / 2);
});

test('scores by hand: each component normalised by the largest, weighted, summed; components shown', () => {
  const scores = scoreTouchpoints(
    [
      // reach 1000 (max), freq 2 (max), removal 0.3 (max), drop 0.7 (max), sentiment −0.6 → dissatisfaction 0.8 (max)
      tp('Payment', { reach: 1000, frequency: 2, removalEffect: 0.3, dropOff: 0.7, sentiment: -0.6 }),
      // reach 0.5, freq 0.5, removal 0.5, drop 0.5, no feedback → 0
      tp('Cart', { reach: 500, frequency: 1, removalEffect: 0.15, dropOff: 0.35 }),
      // everything 0 except reach 0.1
      tp('Home', { reach: 100, frequency: 0, removalEffect: 0, dropOff: 0 }),
    ],
    { reach: 1, frequency: 1, attribution: 1, dropOff: 1, experience: 1 },
  );
  assert.deepEqual(scores.map((s) => s.touchpoint), ['Payment', 'Cart', 'Home']);
  assert.deepEqual(scores.map((s) => s.rank), [1, 2, 3]);
  assert.ok(Math.abs(scores[0]!.score - 1) < 1e-12);
  assert.ok(Math.abs(scores[1]!.score - 0.4) < 1e-12); // (0.5 × 4 + 0) / 5
  assert.ok(Math.abs(scores[2]!.score - 0.02) < 1e-12); // 0.1 / 5
  const cart = scores[1]!.components;
  assert.equal(cart.experience.value, null);
  assert.equal(cart.experience.contribution, 0);
  assert.equal(cart.reach.normalized, 0.5);
  assert.equal(cart.reach.weight, 0.2);
  assert.ok(Math.abs(cart.attribution.contribution - 0.1) < 1e-12);
});

test('weights change the ranking; invalid weights are refused', () => {
  const ev = [tp('Wide', { reach: 1000, dropOff: 0.1 }), tp('Leaky', { reach: 100, dropOff: 0.9 })];
  assert.equal(scoreTouchpoints(ev, { reach: 1, frequency: 0, attribution: 0, dropOff: 0, experience: 0 })[0]!.touchpoint, 'Wide');
  assert.equal(scoreTouchpoints(ev, { reach: 0, frequency: 0, attribution: 0, dropOff: 1, experience: 0 })[0]!.touchpoint, 'Leaky');
  assert.throws(() => scoreTouchpoints(ev, { reach: 0, frequency: 0, attribution: 0, dropOff: 0, experience: 0 }), /at least one weight/);
  assert.throws(() => scoreTouchpoints(ev, { reach: -1 }));
});
