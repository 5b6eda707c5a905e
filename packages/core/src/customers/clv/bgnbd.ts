import { NotEnoughDataError } from '../shared/not-enough-data.js';
import { minimizeWithRestarts, standardErrors } from './nelder-mead.js';
import type { BgNbdParams, FitDiagnostics } from './clv.schema.js';
import { gammaln, hyp2f1, logAddExp } from './special.js';

/** One customer's (x, t_x, T) in the model's unit; `weight` counts identical customers. */
export interface RfT {
  frequency: number;
  recency: number;
  T: number;
  weight?: number;
}

/**
 * One customer's BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6), in log space:
 * log L = A1 + A2 + log(exp(A3) + [x > 0] exp(A4)) with
 * A1 = lnΓ(r+x) − lnΓ(r) + r ln α, A2 = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x),
 * A3 = −(r+x) ln(α+T), A4 = ln a − ln(b+x−1) − (r+x) ln(α+t_x).
 */
export function bgnbdLogLikelihoodOne(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const a1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
  const a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
  return a1 + a2 + logAddExp(a3, a4);
}

/** Total BG/NBD log-likelihood over customers (weights multiply). */
export function bgnbdLogLikelihood(p: BgNbdParams, data: readonly RfT[]): number {
  let s = 0;
  for (const d of data) s += (d.weight ?? 1) * bgnbdLogLikelihoodOne(p, d.frequency, d.recency, d.T);
  return s;
}

/** Identical (x, t_x, T) customers merged into one weighted row (the likelihood is a sum, so this is exact). */
export function groupRfT(data: readonly RfT[]): RfT[] {
  const m = new Map<string, RfT>();
  for (const d of data) {
    const k = `${d.frequency}|${d.recency}|${d.T}`;
    const cur = m.get(k);
    if (cur) cur.weight = (cur.weight ?? 1) + (d.weight ?? 1);
    else m.set(k, { frequency: d.frequency, recency: d.recency, T: d.T, weight: d.weight ?? 1 });
  }
  return [...m.values()];
}

const fromLog = (x: readonly number[]): BgNbdParams => ({ r: Math.exp(x[0]!), alpha: Math.exp(x[1]!), a: Math.exp(x[2]!), b: Math.exp(x[3]!) });

/**
 * Maximum-likelihood BG/NBD fit: Nelder-Mead on the log-parameters (so they stay positive),
 * restarted from its own answer until it stops improving; standard errors from the numerical
 * Hessian of −log L in the natural parameters. Needs at least one customer.
 */
export function fitBgNbd(data: readonly RfT[]): BgNbdParams & { logLikelihood: number } & FitDiagnostics {
  const rows = groupRfT(data);
  const n = rows.reduce((s, d) => s + (d.weight ?? 1), 0);
  if (n === 0) throw new NotEnoughDataError('BG/NBD needs at least one customer with a purchase');
  const meanT = rows.reduce((s, d) => s + (d.weight ?? 1) * d.T, 0) / n;
  const nll = (x: number[]) => -bgnbdLogLikelihood(fromLog(x), rows) / n;
  const res = minimizeWithRestarts(nll, [0, Math.log(Math.max(meanT, 1)), 0, 0]);
  const p = fromLog(res.x);
  const se = standardErrors((v) => -bgnbdLogLikelihood({ r: v[0]!, alpha: v[1]!, a: v[2]!, b: v[3]! }, rows), [p.r, p.alpha, p.a, p.b], ['r', 'alpha', 'a', 'b']);
  return { ...p, logLikelihood: bgnbdLogLikelihood(p, rows), converged: res.converged, iterations: res.iterations, standardErrors: se };
}

/** P(alive | x, t_x, T) = 1 / (1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)); 1 for x = 0. */
export function bgnbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logRatio = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/**
 * E[X(t) | x, t_x, T]: expected purchases in the next t (FHL 2005, eq. 10), the form `lifetimes`
 * uses: (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))]
 * divided by 1 + [x > 0] · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x). Defined for a ≠ 1.
 */
export function bgnbdExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const second = 1 - hyp * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  const numerator = ((a + b + x - 1) / (a - 1)) * second;
  const denominator = x > 0 ? 1 + Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))) : 1;
  return numerator / denominator;
}

/** E[X(t)] for a new customer (FHL 2005, eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))]. */
export function bgnbdExpectedPurchasesNew(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  return ((a + b - 1) / (a - 1)) * (1 - Math.exp(r * (Math.log(alpha) - Math.log(alpha + t))) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
}
