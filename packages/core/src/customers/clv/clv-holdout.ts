import { bgnbdExpectedPurchases, type RfT } from './bgnbd.js';
import type { BgNbdParams } from './clv.schema.js';

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
