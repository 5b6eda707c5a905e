import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  computeAttribution,
  durationSchema,
  funnelSchema,
  MAX_DURATION_MS,
  shapleyAttributionOptionsSchema,
  SHAPLEY_MAX_SAMPLES,
  twinInterventionsSchema,
  twinSimulateOptionsSchema,
  TWIN_MAX_DRAWS,
  TWIN_MAX_INTERVENTIONS,
  type Journey,
} from '../src/index.js';
import { Rng } from '../src/demo/prng.js';
import { binomial } from '../src/twin/random.js';

describe('bounds on what a request may ask to compute', () => {
  test('durations: at most 3650 days, as text or milliseconds; the issue is at the field and names the limit', () => {
    assert.equal(durationSchema.parse('3650d'), MAX_DURATION_MS);
    assert.equal(durationSchema.parse(MAX_DURATION_MS), MAX_DURATION_MS);
    for (const v of ['3651d', '999999999w', MAX_DURATION_MS + 1]) {
      const r = durationSchema.safeParse(v);
      assert.ok(!r.success, String(v));
      assert.match(r.error.issues[0]!.message, /at most 3650d/);
    }
    assert.match(durationSchema.safeParse('a week').error!.issues[0]!.message, /not a duration/);
    assert.ok(!durationSchema.safeParse('0s').success);
    const f = funnelSchema.safeParse({ steps: [{ event: 'A' }, { event: 'B' }], window: '999999999w' });
    assert.ok(!f.success);
    assert.deepEqual(f.error.issues[0]!.path, ['window']);
  });

  test('twin draws and interventions, Shapley samples', () => {
    assert.ok(twinSimulateOptionsSchema.safeParse({ draws: TWIN_MAX_DRAWS }).success);
    assert.deepEqual(twinSimulateOptionsSchema.safeParse({ draws: TWIN_MAX_DRAWS + 1 }).error?.issues[0]?.path, ['draws']);
    const iv = { kind: 'shift_segment_mix', segment: null, share: 0.5 };
    assert.ok(twinInterventionsSchema.safeParse(Array(TWIN_MAX_INTERVENTIONS).fill(iv)).success);
    assert.ok(!twinInterventionsSchema.safeParse(Array(TWIN_MAX_INTERVENTIONS + 1).fill(iv)).success);
    assert.ok(!shapleyAttributionOptionsSchema.safeParse({ samples: SHAPLEY_MAX_SAMPLES + 1 }).success);
  });

  test('exact Shapley past 20 labels is an issue naming shapleyMethod, not a throw', () => {
    const journeys: Journey[] = [{ personId: 'p', touches: Array.from({ length: 21 }, (_, i) => ({ label: `L${i}`, timestamp: i })), converted: true, value: 1, conversionAt: 100 }];
    const r = computeAttribution(journeys, { model: 'shapley', order: 1, halfLife: 1000, first: 0.4, last: 0.4, shapleyMethod: 'exact', samples: 100, seed: 1, collapseRepeats: false });
    assert.ok(!r.ok);
    assert.equal(r.error.field, 'shapleyMethod');
  });

  test('binomial(1e12, p) with a tiny p stays quick and near its mean', { timeout: 10_000 }, () => {
    const rng = new Rng(1);
    const t0 = Date.now();
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += binomial(rng, 1e12, 3e-12);
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    assert.ok(Math.abs(sum / 20_000 - 3) < 0.1, `mean ${sum / 20_000}`);
  });
});
