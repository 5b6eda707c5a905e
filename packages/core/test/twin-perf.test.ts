import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitTwin, sampleTwinJourneys, simulateTwin, twinChainFromSpec, TWIN_CONVERSION as CONV, TWIN_DROP as DROP, TWIN_START as START, type TwinJourney } from '../src/index.js';

// 30 touchpoints in a ring with skips, self-loops and exits everywhere; 5 segments.
const transitions: Record<string, Record<string, number>> = { [START]: { T0: 0.5, T1: 0.3, T2: 0.2 } };
for (let i = 0; i < 30; i++) transitions[`T${i}`] = { [`T${(i + 1) % 30}`]: 0.4, [`T${(i + 7) % 30}`]: 0.2, [`T${i}`]: 0.1, [CONV]: 0.05, [DROP]: 0.25 };
const chain = twinChainFromSpec({ transitions, dwellMs: Object.fromEntries(Object.keys(transitions).map((k) => [k, 60_000])) });
const pool = sampleTwinJourneys(chain, { journeys: 50_000, seed: 1 }).map((j, k) => ({ ...j, segment: `s${k % 5}` }));
function* journeys(n: number): Generator<TwinJourney> {
  for (let i = 0; i < n; i++) yield pool[i % pool.length]!;
}

test('fitting 1M journeys (about 3.3M states) takes a few seconds at most; 400 draws well under that', (t) => {
  const t0 = performance.now();
  const model = fitTwin(journeys(1_000_000));
  const fitMs = performance.now() - t0;
  assert.equal(model.journeys, 1_000_000);
  assert.equal(model.segments.length, 5);
  const t1 = performance.now();
  const r = simulateTwin(model, [{ kind: 'scale_transition', from: 'T3', to: CONV, factor: 1.2 }], { seed: 1 });
  const simMs = performance.now() - t1;
  assert.ok(r.ok && r.value.change.conversionRate.low > 0);
  t.diagnostic(`fit ${Math.round(fitMs)} ms (${Math.round(1e9 / fitMs)} journeys/s); simulate ${Math.round(simMs)} ms`);
  assert.ok(fitMs < 5000, `fit took ${fitMs} ms`);
  assert.ok(simMs < 5000, `simulate took ${simMs} ms`);
});
