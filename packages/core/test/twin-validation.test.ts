import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fitTwin, sampleTwinJourneys, simulateTwin, twinAnalytics, twinChainFromSpec, twinProbability,
  TWIN_CONVERSION as CONV, TWIN_DROP as DROP, TWIN_START as START, type TwinChainSpec, type TwinJourney,
} from '../src/index.js';

/** A known chain with loops (Product ↺, Cart ↔ Checkout, Product → Home), dwell times in ms. */
const spec = (checkoutConv: number, checkoutDrop: number): TwinChainSpec => ({
  transitions: {
    [START]: { Ad: 0.5, Home: 0.5 },
    Ad: { Home: 0.6, [DROP]: 0.4 },
    Home: { Product: 0.7, [DROP]: 0.3 },
    Product: { Product: 0.3, Cart: 0.3, Home: 0.1, [DROP]: 0.3 },
    Cart: { Checkout: 0.6, Product: 0.1, [DROP]: 0.3 },
    Checkout: { [CONV]: checkoutConv, Cart: 0.1, [DROP]: checkoutDrop },
  },
  dwellMs: { Ad: 30_000, Home: 20_000, Product: 60_000, Cart: 40_000, Checkout: 90_000 },
});
const A = twinChainFromSpec(spec(0.5, 0.4));
/** A′ = A with Checkout → conversion raised from 0.5 to 0.6 (the 0.1 taken from Checkout → null). */
const A2 = twinChainFromSpec(spec(0.6, 0.3));
const value = (rng: { next(): number }) => 50 + 100 * rng.next();
const observedRate = (js: TwinJourney[]) => js.filter((j) => j.converted).length / js.length;
const RAISE = [{ kind: 'set_transition', from: 'Checkout', to: CONV, probability: 0.6 }];

describe('twin validation: a known chain is recovered', () => {
  const data = sampleTwinJourneys(A, { journeys: 50_000, seed: 11, value });
  const model = fitTwin(data);
  const fitted = model.overall.chain;

  test('every fitted transition probability is within 4 standard errors of the truth', (t) => {
    const w = A.states.length + 2;
    let worst = 0;
    for (const [i, from] of A.states.entries()) {
      const visits = model.visits[model.states.indexOf(from)]!;
      for (let j = 0; j < w; j++) {
        const to = j < A.states.length ? A.states[j]! : j === A.states.length ? CONV : DROP;
        const p = A.probs[i * w + j]!, q = twinProbability(fitted, from, to);
        const se = Math.sqrt(Math.max(p * (1 - p), 1e-12) / visits);
        worst = Math.max(worst, Math.abs(q - p) / se);
      }
    }
    t.diagnostic(`worst transition deviation ${worst.toFixed(2)} SE`);
    assert.ok(worst < 4, `worst deviation ${worst.toFixed(2)} standard errors`);
  });

  test('P(conversion), steps and time to convert match the true chain', (t) => {
    const truth = twinAnalytics(A), fit = twinAnalytics(fitted);
    t.diagnostic(`P(conv) fitted ${fit.conversionProbability.toFixed(4)} true ${truth.conversionProbability.toFixed(4)}; steps ${fit.expectedSteps.toFixed(3)} vs ${truth.expectedSteps.toFixed(3)}; time to convert ${(fit.expectedTimeToConvertMs! / 1000).toFixed(1)} s vs ${(truth.expectedTimeToConvertMs! / 1000).toFixed(1)} s`);
    const se = Math.sqrt((truth.conversionProbability * (1 - truth.conversionProbability)) / data.length);
    assert.ok(Math.abs(fit.conversionProbability - truth.conversionProbability) < 4 * se, `${fit.conversionProbability} vs ${truth.conversionProbability}`);
    // The maximum-likelihood chain reproduces the observed rate exactly.
    assert.ok(Math.abs(fit.conversionProbability - observedRate(data)) < 1e-9);
    assert.ok(Math.abs(fit.expectedSteps / truth.expectedSteps - 1) < 0.02, `steps ${fit.expectedSteps} vs ${truth.expectedSteps}`);
    assert.ok(Math.abs(fit.expectedTimeToConvertMs! / truth.expectedTimeToConvertMs! - 1) < 0.03, `time ${fit.expectedTimeToConvertMs} vs ${truth.expectedTimeToConvertMs}`);
    // The observed mean time from first touchpoint to conversion agrees too.
    const conv = data.filter((j) => j.converted);
    const obs = conv.reduce((s, j) => s + (j.convertedAt! - j.states[0]!.timestamp), 0) / conv.length;
    assert.ok(Math.abs(fit.expectedTimeToConvertMs! / obs - 1) < 0.03, `time ${fit.expectedTimeToConvertMs} vs observed ${obs}`);
  });

  test('the baseline interval contains the true conversion rate; revenue = conversions × value', () => {
    const r = simulateTwin(model, [], { journeys: 50_000, seed: 3 });
    assert.ok(r.ok);
    const b = r.value.baseline, truth = twinAnalytics(A).conversionProbability;
    assert.ok(b.conversionRate.low < truth && truth < b.conversionRate.high, JSON.stringify(b.conversionRate));
    assert.ok(Math.abs(b.revenue.estimate - b.conversions.estimate * model.overall.value.mean) < 1e-6 * b.revenue.estimate);
    assert.equal(r.value.change.conversionRate.estimate, 0);
  });
});

describe('twin validation: an intervention effect is predicted within its interval', () => {
  const model = fitTwin(sampleTwinJourneys(A, { journeys: 50_000, seed: 21, value }));

  test("fit on A, simulate Checkout → conversion 0.6: A′'s observed conversion lies in the projected interval", (t) => {
    const observed = observedRate(sampleTwinJourneys(A2, { journeys: 50_000, seed: 22, value }));
    const r = simulateTwin(model, RAISE, { journeys: 50_000, seed: 5 });
    assert.ok(r.ok);
    const s = r.value.scenario.conversionRate, ch = r.value.change.conversionRate;
    assert.ok(s.low <= observed && observed <= s.high, `observed ${observed} not in [${s.low}, ${s.high}]`);
    const trueChange = twinAnalytics(A2).conversionProbability - twinAnalytics(A).conversionProbability;
    t.diagnostic(`A′ observed ${observed.toFixed(4)} in projected [${s.low.toFixed(4)}, ${s.high.toFixed(4)}]; change true ${trueChange.toFixed(4)} projected ${ch.estimate.toFixed(4)} [${ch.low.toFixed(4)}, ${ch.high.toFixed(4)}]`);
    assert.ok(ch.low <= trueChange && trueChange <= ch.high, `true change ${trueChange} not in [${ch.low}, ${ch.high}]`);
    assert.ok(ch.low > 0 && r.value.probabilityOfIncrease === 1);
  });

  test('intervals cover the true change about 95% of the time over 40 independent data sets', (t) => {
    const trueChange = twinAnalytics(A2).conversionProbability - twinAnalytics(A).conversionProbability;
    let covered = 0;
    for (let rep = 0; rep < 40; rep++) {
      const m = fitTwin(sampleTwinJourneys(A, { journeys: 3000, seed: 1000 + rep }));
      const r = simulateTwin(m, RAISE, { draws: 200, seed: rep });
      assert.ok(r.ok);
      const ch = r.value.change.conversionRate;
      if (ch.low <= trueChange && trueChange <= ch.high) covered++;
    }
    t.diagnostic(`95% intervals covered the true change ${covered}/40 times`);
    assert.ok(covered >= 34, `covered ${covered}/40`);
  });

  test('the interval narrows as data grows (about 1/√n)', (t) => {
    const width = (n: number) => {
      const r = simulateTwin(fitTwin(sampleTwinJourneys(A, { journeys: n, seed: 77 })), RAISE, { seed: 1 });
      assert.ok(r.ok);
      return r.value.change.conversionRate.high - r.value.change.conversionRate.low;
    };
    const small = width(5000), large = width(50_000);
    t.diagnostic(`change interval width ${small.toFixed(4)} at 5k journeys, ${large.toFixed(4)} at 50k`);
    assert.ok(large < 0.5 * small, `widths ${small} → ${large}`);
  });
});
