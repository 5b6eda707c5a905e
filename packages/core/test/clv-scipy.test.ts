import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  bgnbdExpectedPurchases,
  bgnbdLogLikelihood,
  bgnbdProbabilityAlive,
  discountedClv,
  fitBgNbd,
  fitGammaGamma,
  gammaGammaExpectedSpend,
  gammaGammaLogLikelihood,
} from '../src/index.js';

/** Written by fixtures/clv_fixture.py (numpy + scipy.special + scipy.optimize), run once with /usr/bin/python3. */
const F = JSON.parse(readFileSync(new URL('../../test/fixtures/clv-scipy.json', import.meta.url), 'utf8')) as {
  true: { bgnbd: Record<'r' | 'alpha' | 'a' | 'b', number>; gammaGamma: Record<'p' | 'q' | 'v', number> };
  people: Array<{ frequency: number; recency: number; T: number; monetary: number }>;
  bgnbd_day: Record<'r' | 'alpha' | 'a' | 'b' | 'logLikelihood', number> & { standardErrors: Record<string, number> };
  bgnbd_week: Record<'r' | 'alpha' | 'a' | 'b' | 'logLikelihood', number>;
  bgnbd_at_true: number;
  gammaGamma: Record<'p' | 'q' | 'v' | 'logLikelihood' | 'customers', number> & { standardErrors: Record<string, number> };
  gammaGamma_at_true: number;
  predictions: Array<{ index: number; expected90: number; expected365: number; pAlive: number; expectedSpend: number; clv90: number; clv100: number }>;
};

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
const close = (a: number, b: number, tol: number, what: string) => assert.ok(rel(a, b) <= tol, `${what}: ${a} vs ${b} (rel ${rel(a, b)})`);
const repeaters = F.people.filter((p) => p.frequency > 0 && p.monetary > 0);

describe('BG/NBD and Gamma-Gamma = SciPy on 2,000 simulated customers', () => {
  test('log-likelihoods at fixed parameters equal SciPy to 1e-10', () => {
    close(bgnbdLogLikelihood(F.true.bgnbd, F.people.map((p) => ({ frequency: p.frequency, recency: p.recency, T: p.T }))), F.bgnbd_at_true, 1e-10, 'BG/NBD log L');
    close(gammaGammaLogLikelihood(F.true.gammaGamma, repeaters), F.gammaGamma_at_true, 1e-10, 'Gamma-Gamma log L');
  });

  const bgDay = fitBgNbd(F.people.map((p) => ({ frequency: p.frequency, recency: p.recency, T: p.T })));

  test('BG/NBD fit in days: parameters within 1e-4 relative, log-likelihood within 1e-6, standard errors within 2 %', () => {
    assert.ok(bgDay.converged);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) close(bgDay[k], F.bgnbd_day[k], 1e-4, k);
    close(bgDay.logLikelihood, F.bgnbd_day.logLikelihood, 1e-6, 'log L');
    assert.ok(bgDay.logLikelihood >= F.bgnbd_day.logLikelihood - 1e-6, 'no worse a maximum than SciPy');
    for (const k of ['r', 'alpha', 'a', 'b']) close(bgDay.standardErrors![k]!, F.bgnbd_day.standardErrors[k]!, 0.02, `se ${k}`);
  });

  test('BG/NBD fit in weeks (recency and T divided by 7) = SciPy', () => {
    const w = fitBgNbd(F.people.map((p) => ({ frequency: p.frequency, recency: p.recency / 7, T: p.T / 7 })));
    for (const k of ['r', 'alpha', 'a', 'b'] as const) close(w[k], F.bgnbd_week[k], 1e-4, k);
    close(w.logLikelihood, F.bgnbd_week.logLikelihood, 1e-6, 'log L');
    close(w.alpha * 7, bgDay.alpha, 1e-4, 'alpha scales with the unit');
  });

  test('the simulated parameters are recovered within 3 standard errors', () => {
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      const z = Math.abs(bgDay[k] - F.true.bgnbd[k]) / bgDay.standardErrors![k]!;
      assert.ok(z < 3, `${k}: fitted ${bgDay[k]}, true ${F.true.bgnbd[k]}, z ${z}`);
    }
    const gg = fitGammaGamma(repeaters);
    for (const k of ['p', 'q', 'v'] as const) {
      const z = Math.abs(gg[k] - F.true.gammaGamma[k]) / gg.standardErrors![k]!;
      assert.ok(z < 3, `${k}: fitted ${gg[k]}, true ${F.true.gammaGamma[k]}, z ${z}`);
    }
  });

  test('Gamma-Gamma fit = SciPy', () => {
    const gg = fitGammaGamma(repeaters);
    assert.equal(repeaters.length, F.gammaGamma.customers);
    assert.ok(gg.converged);
    for (const k of ['p', 'q', 'v'] as const) close(gg[k], F.gammaGamma[k], 1e-4, k);
    close(gg.logLikelihood, F.gammaGamma.logLikelihood, 1e-6, 'log L');
    for (const k of ['p', 'q', 'v']) close(gg.standardErrors![k]!, F.gammaGamma.standardErrors[k]!, 0.02, `se ${k}`);
  });

  test('expected purchases (90 and 365 days), P(alive), expected spend and CLV at SciPy\'s parameters', () => {
    const g = { p: F.gammaGamma.p, q: F.gammaGamma.q, v: F.gammaGamma.v };
    assert.ok(F.predictions.some((p) => F.people[p.index]!.frequency === 0) && F.predictions.some((p) => F.people[p.index]!.frequency > 2));
    for (const pr of F.predictions) {
      const c = F.people[pr.index]!;
      const s = { frequency: c.frequency, recency: c.recency, T: c.T };
      close(bgnbdExpectedPurchases(F.bgnbd_day, 90, c.frequency, c.recency, c.T), pr.expected90, 1e-9, `E90 #${pr.index}`);
      close(bgnbdExpectedPurchases(F.bgnbd_day, 365, c.frequency, c.recency, c.T), pr.expected365, 1e-9, `E365 #${pr.index}`);
      close(bgnbdProbabilityAlive(F.bgnbd_day, c.frequency, c.recency, c.T), pr.pAlive, 1e-12, `P(alive) #${pr.index}`);
      close(gammaGammaExpectedSpend(g, c.frequency, c.monetary), pr.expectedSpend, 1e-12, `spend #${pr.index}`);
      close(discountedClv(F.bgnbd_day, s, pr.expectedSpend, 90, 0.01, 'day'), pr.clv90, 1e-9, `CLV 90 #${pr.index}`);
      close(discountedClv(F.bgnbd_day, s, pr.expectedSpend, 100, 0.01, 'day'), pr.clv100, 1e-9, `CLV 100 #${pr.index}`);
    }
  });
});
