import { NotEnoughDataError } from '../shared/not-enough-data.js';
import { minimizeWithRestarts, standardErrors } from './nelder-mead.js';
import type { FitDiagnostics, GammaGammaParams } from './clv.schema.js';
import { gammaln } from './special.js';

/** A repeater's number of repeat purchases x > 0 and mean repeat value m > 0. */
export interface FreqValue {
  frequency: number;
  monetary: number;
}

/**
 * One repeater's Gamma-Gamma log-likelihood (Fader & Hardie 2013) of the mean value m over x purchases:
 * lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m + px ln x − (px+q) ln(v + x m).
 */
export function gammaGammaLogLikelihoodOne(g: GammaGammaParams, x: number, m: number): number {
  const { p, q, v } = g;
  return gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * Math.log(v) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(v + x * m);
}

export function gammaGammaLogLikelihood(g: GammaGammaParams, data: readonly FreqValue[]): number {
  let s = 0;
  for (const d of data) s += gammaGammaLogLikelihoodOne(g, d.frequency, d.monetary);
  return s;
}

const fromLog = (x: readonly number[]): GammaGammaParams => ({ p: Math.exp(x[0]!), q: Math.exp(x[1]!), v: Math.exp(x[2]!) });

/** Maximum-likelihood Gamma-Gamma fit over repeaters (x > 0, m > 0; others must be left out by the caller). */
export function fitGammaGamma(data: readonly FreqValue[]): GammaGammaParams & { logLikelihood: number } & FitDiagnostics {
  if (data.length === 0) throw new NotEnoughDataError('Gamma-Gamma needs at least one repeater with a positive mean value');
  for (const d of data) if (!(d.frequency > 0 && d.monetary > 0)) throw new Error('Gamma-Gamma needs frequency > 0 and monetary > 0');
  const n = data.length;
  const meanM = data.reduce((s, d) => s + d.monetary, 0) / n;
  const nll = (x: number[]) => -gammaGammaLogLikelihood(fromLog(x), data) / n;
  const res = minimizeWithRestarts(nll, [0, 0, Math.log(Math.max(meanM, 1e-6))]);
  const g = fromLog(res.x);
  const se = standardErrors((x) => -gammaGammaLogLikelihood({ p: x[0]!, q: x[1]!, v: x[2]! }, data), [g.p, g.q, g.v], ['p', 'q', 'v']);
  return { ...g, logLikelihood: gammaGammaLogLikelihood(g, data), converged: res.converged, iterations: res.iterations, standardErrors: se };
}

/**
 * E[M | x, m] = p (v + x m) / (p x + q − 1), the conditional expected average spend; for x = 0
 * the population mean p v / (q − 1). Finite only for q > 1.
 */
export function gammaGammaExpectedSpend(g: GammaGammaParams, x: number, m: number): number {
  return (g.p * (g.v + x * m)) / (g.p * x + g.q - 1);
}
