import { bgnbdExpectedPurchases, fitBgNbd, type RfT } from './bgnbd.js';
import type { BgNbdParams, ClvDefinition, ClvHoldout, ClvResult, ClvSummary } from './clv.schema.js';
import { clvFromSummaries, toRfT, unitDays } from './clv-value.js';

/** One calibration-frequency bin of the calibration/holdout diagnostic. */
export interface HoldoutBin {
  /** Calibration-period frequency: "0" … "5", or "6+". */
  frequency: string;
  customers: number;
  /** Mean BG/NBD expected repeat purchases in the holdout, given each customer's calibration (x, t_x, T). */
  predicted: number;
  /** Mean repeat purchases actually made in the holdout. */
  actual: number;
}

/**
 * The calibration/holdout diagnostic of the `lifetimes` library's
 * plot_calibration_purchases_vs_holdout_purchases: customers binned by calibration frequency
 * (0, 1, …, 5, 6+), each bin's mean predicted and mean actual holdout purchases. `holdout` is in
 * the model's unit; `actual[i]` belongs to `cal[i]`. Empty bins are left out.
 */
export function calibrationHoldoutBins(p: BgNbdParams, cal: readonly RfT[], actual: readonly number[], holdout: number, maxBin = 6): HoldoutBin[] {
  const sums = Array.from({ length: maxBin + 1 }, () => ({ n: 0, predicted: 0, actual: 0 }));
  cal.forEach((c, i) => {
    const b = sums[Math.min(c.frequency, maxBin)]!;
    b.n++;
    b.predicted += bgnbdExpectedPurchases(p, holdout, c.frequency, c.recency, c.T);
    b.actual += actual[i]!;
  });
  return sums.flatMap((b, i) => (b.n === 0 ? [] : [{ frequency: i === maxBin ? `${maxBin}+` : String(i), customers: b.n, predicted: b.predicted / b.n, actual: b.actual / b.n }]));
}

/**
 * The diagnostic from two summaries of the same purchases: `cal` up to `calibrationEnd` (as-of
 * minus holdoutDays) and `full` up to the as-of day. A calibration customer's holdout repeat
 * purchases are its purchase days after calibrationEnd: full frequency − calibration frequency.
 */
export function clvHoldoutFromSummaries(cal: readonly ClvSummary[], full: readonly ClvSummary[], calibrationEnd: string, def: Pick<ClvDefinition, 'unit'>, holdoutDays: number): ClvHoldout {
  const fullFreq = new Map(full.map((s) => [s.personId, s.frequency]));
  const rft = cal.map((s) => toRfT(s, def.unit));
  const actual = cal.map((s) => (fullFreq.get(s.personId) ?? s.frequency) - s.frequency);
  const bgnbd = rft.length > 0 ? fitBgNbd(rft) : null;
  return { holdoutDays, calibrationEnd, customers: cal.length, bgnbd, bins: bgnbd ? calibrationHoldoutBins(bgnbd, rft, actual, holdoutDays / unitDays(def.unit)) : [] };
}

/** What a CLV run fits: the summaries as of the day and, with `holdoutDays`, as of the calibration end. */
export interface ClvFitInput {
  asOfDay: number | null;
  people: ClvSummary[];
  calibration: { end: string; people: ClvSummary[] } | null;
}

/** The CLV answer with the holdout diagnostic when asked (the CLI's and the server's worker's one pipeline). */
export function clvFromInput(i: ClvFitInput, def: ClvDefinition, opts: { people?: boolean } = {}): ClvResult {
  const r = clvFromSummaries(i.people, i.asOfDay, def, opts);
  return i.calibration && def.holdoutDays ? { ...r, holdout: clvHoldoutFromSummaries(i.calibration.people, i.people, i.calibration.end, def, def.holdoutDays) } : r;
}
