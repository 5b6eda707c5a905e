import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { brierScore, calibrationBins, churnDefinitionSchema, churnFeatures, churnLabelled, dayOfText, rocAuc, type AnalyticsEvent } from '../src/index.js';
import { trackEvent } from './track-event.js';

const DAY = 86_400_000;

describe('AUC: hand-computed, ties counted half', () => {
  test('three positives, three negatives with ties', () => {
    // positives 0.9, 0.5, 0.3; negatives 0.5, 0.3, 0.1.
    // pairs (9): 0.9 beats all three (3); 0.5 beats 0.3, 0.1 (2) and ties 0.5 (½); 0.3 beats 0.1 (1), ties 0.3 (½), loses to 0.5.
    // = (3 + 2.5 + 1.5) / 9 = 7/9
    assert.equal(rocAuc([0.9, 0.5, 0.3, 0.5, 0.3, 0.1], [true, true, true, false, false, false]), 7 / 9);
    assert.equal(rocAuc([1, 1, 1, 1], [true, false, true, false]), 0.5, 'all tied: one half');
    assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]), 1);
    assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [true, true, false, false]), 0);
    assert.ok(Number.isNaN(rocAuc([0.2, 0.3], [true, true])), 'one class only: undefined');
  });

  test('Brier score and calibration bins', () => {
    // (0.8−1)² + (0.4−0)² + (0.4−1)² + (0.05−0)² = 0.04 + 0.16 + 0.36 + 0.0025 = 0.5625; / 4
    assert.ok(Math.abs(brierScore([0.8, 0.4, 0.4, 0.05], [true, false, true, false]) - 0.5625 / 4) < 1e-15);
    const bins = calibrationBins([0.8, 0.4, 0.4, 0.05], [true, false, true, false], 2);
    assert.deepEqual(bins.map((b) => [b.from, b.to, b.people, b.observedRate]), [[0, 0.5, 3, 1 / 3], [0.5, 1, 1, 1]]);
    assert.ok(Math.abs(bins[0]!.meanPredicted - 0.85 / 3) < 1e-15 && bins[1]!.meanPredicted === 0.8);
  });
});

/**
 * Cutoff 2025-03-31 (day C), window 10 days (C+1 … C+10 = 2025-04-01 … 2025-04-10).
 *   A  active C−3, C+2           → stays
 *   B  active C−40, nothing after → churns
 *   C  active C (late evening), next event C+11 (after the window) → churns
 *   D  first event C+1            → not in the population (not active by the cutoff)
 *   E  only 'Email Opened' before, 'Order Completed' C+5; with activeEvent = Order Completed, E
 *      is not active before the cutoff (out); with any event, E stays
 *   F  Order Completed C−10 (revenue 40 and '2.5' as text), Email Opened C+3:
 *      any event → stays; activeEvent Order Completed → churns
 */
function fixture(): AnalyticsEvent[] {
  const c = dayOfText('2025-03-31') * DAY;
  let n = 0;
  const ev = (personId: string, t: number, event: string, properties: Record<string, unknown> = {}, stage = 'consideration') =>
    trackEvent({ messageId: `m${++n}`, personId, timestamp: t, event, touchpoint: 'web', properties, stage });
  return [
    ev('A', c - 3 * DAY + 5, 'Product Viewed', {}, 'awareness'),
    ev('A', c - 3 * DAY + 9, 'Product Viewed'),
    ev('A', c - 100 * DAY, 'Product Viewed'),
    ev('A', c + 2 * DAY, 'Product Viewed'),
    ev('B', c - 40 * DAY, 'Product Viewed'),
    ev('C', c + DAY - 1, 'Product Viewed'),
    ev('C', c + 11 * DAY, 'Product Viewed'),
    ev('D', c + DAY, 'Product Viewed'),
    ev('E', c - 2 * DAY, 'Email Opened'),
    ev('E', c + 5 * DAY, 'Order Completed', { revenue: 9 }),
    ev('F', c - 10 * DAY, 'Order Completed', { revenue: 40 }, 'purchase'),
    ev('F', c - 10 * DAY + 1, 'Order Completed', { revenue: '2.5' }, 'purchase'),
    ev('F', c + 3 * DAY, 'Email Opened'),
  ];
}

describe('churn labels and features: hand fixture', () => {
  const cutoff = dayOfText('2025-03-31');
  test('any event counts as activity', () => {
    const def = churnDefinitionSchema.parse({ windowDays: 10 });
    const rows = churnLabelled(fixture(), def, cutoff);
    assert.deepEqual(rows.map((r) => [r.personId, r.churned]), [['A', false], ['B', true], ['C', true], ['E', false], ['F', false]]);
  });
  test('a chosen active event', () => {
    const def = churnDefinitionSchema.parse({ windowDays: 10, activeEvent: 'Order Completed' });
    const rows = churnLabelled(fixture(), def, cutoff);
    assert.deepEqual(rows.map((r) => [r.personId, r.churned]), [['F', true]]);
  });
  test('features as of the cutoff', () => {
    const def = churnDefinitionSchema.parse({ windowDays: 10 });
    const by = Object.fromEntries(churnFeatures(fixture(), def, cutoff).map((r) => [r.personId, r]));
    assert.deepEqual(by.A, { personId: 'A', recencyDays: 3, events7d: 2, events30d: 2, events90d: 2, tenureDays: 100, activeDays: 2, purchases: 0, purchaseValue: 0, stages: 2 });
    assert.deepEqual(by.B, { personId: 'B', recencyDays: 40, events7d: 0, events30d: 0, events90d: 1, tenureDays: 40, activeDays: 1, purchases: 0, purchaseValue: 0, stages: 1 });
    assert.deepEqual(by.C, { personId: 'C', recencyDays: 0, events7d: 1, events30d: 1, events90d: 1, tenureDays: 0, activeDays: 1, purchases: 0, purchaseValue: 0, stages: 1 });
    assert.deepEqual(by.F, { personId: 'F', recencyDays: 10, events7d: 0, events30d: 2, events90d: 2, tenureDays: 10, activeDays: 1, purchases: 2, purchaseValue: 42.5, stages: 1 });
    // recency counts from the last *active* event when one is chosen
    const onlyOrders = churnFeatures(fixture(), churnDefinitionSchema.parse({ activeEvent: 'Order Completed' }), cutoff + 5);
    assert.deepEqual(onlyOrders.map((r) => [r.personId, r.recencyDays, r.events30d]), [['E', 0, 2], ['F', 15, 3]]);
  });
});
