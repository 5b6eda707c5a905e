import type { AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { DAY_MS } from '../rfm/rfm-reference.js';
import { bgnbdExpectedPurchases, bgnbdProbabilityAlive, fitBgNbd, type RfT } from './bgnbd.js';
import type { BgNbdParams, ClvDefinition, ClvPerson, ClvResult, ClvSummary, GammaGammaParams } from './clv.schema.js';
import { clvSummaries } from './clv-summary.js';
import { fitGammaGamma, gammaGammaExpectedSpend } from './gamma-gamma.js';

/** Days in one unit. */
export const unitDays = (unit: 'day' | 'week'): number => (unit === 'week' ? 7 : 1);

/** A summary's (x, t_x, T) in the chosen unit. */
export const toRfT = (s: ClvSummary, unit: 'day' | 'week'): RfT => ({ frequency: s.frequency, recency: s.recencyDays / unitDays(unit), T: s.tDays / unitDays(unit) });

/**
 * Discounted CLV over a horizon H (in the model's unit): the horizon is cut into 30-day periods
 * (the last one may be shorter); period i's expected purchases E[X(end_i)] − E[X(start_i)] are
 * valued at the expected spend and divided by (1 + discount)^i.
 */
export function discountedClv(p: BgNbdParams, s: RfT, spend: number, horizon: number, discount: number, unit: 'day' | 'week'): number {
  const period = 30 / unitDays(unit);
  let total = 0;
  let prev = 0;
  for (let i = 1; (i - 1) * period < horizon; i++) {
    const end = Math.min(i * period, horizon);
    const cum = bgnbdExpectedPurchases(p, end, s.frequency, s.recency, s.T);
    total += ((cum - prev) * spend) / Math.pow(1 + discount, i);
    prev = cum;
  }
  return total;
}

const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Fits BG/NBD on every customer's (x, t_x, T) and Gamma-Gamma on repeaters with a positive mean
 * repeat value, then scores each person: P(alive), expected purchases and discounted CLV over
 * the horizon, expected spend per purchase. Null fits when there are no customers (BG/NBD) or no
 * repeaters with positive value (Gamma-Gamma; CLV is then 0).
 */
export function clvFromSummaries(people: readonly ClvSummary[], asOfDay: number | null, def: ClvDefinition, opts: { people?: boolean } = {}): ClvResult {
  const rft = people.map((s) => toRfT(s, def.unit));
  const repeaters = people.filter((s) => s.frequency > 0);
  const bg = people.length > 0 ? fitBgNbd(rft) : null;
  const ggData = repeaters.filter((s) => s.monetary > 0).map((s) => ({ frequency: s.frequency, monetary: s.monetary }));
  const gg = ggData.length > 0 ? { ...fitGammaGamma(ggData), customers: ggData.length } : null;
  const scored: ClvPerson[] = people.map((s, i) => {
    const d = rft[i]!;
    const pAlive = bg ? bgnbdProbabilityAlive(bg, d.frequency, d.recency, d.T) : 0;
    const expectedPurchases = bg ? bgnbdExpectedPurchases(bg, def.horizon, d.frequency, d.recency, d.T) : 0;
    const expectedSpend = gg ? gammaGammaExpectedSpend(gg as GammaGammaParams, s.frequency, s.monetary) : 0;
    const clv = bg && gg ? discountedClv(bg, d, expectedSpend, def.horizon, def.discount, def.unit) : 0;
    return { ...s, pAlive, expectedPurchases, expectedSpend, clv };
  });
  return {
    purchase: def.purchase,
    value: def.value,
    asOf: asOfDay === null ? null : dayText(asOfDay),
    unit: def.unit,
    horizon: def.horizon,
    discount: def.discount,
    customers: people.length,
    repeaters: repeaters.length,
    bgnbd: bg,
    gammaGamma: gg,
    totals: { expectedPurchases: scored.reduce((a, p) => a + p.expectedPurchases, 0), clv: scored.reduce((a, p) => a + p.clv, 0) },
    ...(opts.people ? { people: scored } : {}),
  };
}

/** CLV from events (the reference pipeline: `clvSummaries` then `clvFromSummaries`). */
export function clvFromEvents(events: readonly AnalyticsEvent[], def: ClvDefinition, opts: { people?: boolean } = {}): ClvResult {
  const { asOfDay, people } = clvSummaries(events, def);
  return clvFromSummaries(people, asOfDay, def, opts);
}
