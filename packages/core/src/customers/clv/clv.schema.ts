import { z } from 'zod';
import { calendarDaySchema } from '../shared/calendar-day.js';


/** What CLV is computed over: one purchase event, one numeric value property, a calibration end, a unit and a horizon. */
export const clvDefinitionSchema = z
  .object({
    /** The purchase event (track event name, or page/screen name). */
    purchase: z.string().min(1).max(200).default('Order Completed'),
    /** The property holding the purchase's value; a missing or non-numeric value counts 0. */
    value: z.string().min(1).max(200).default('revenue'),
    /** End of the calibration period: purchases up to and including this UTC day; default: the day of the latest purchase. */
    asOf: calendarDaySchema('asOf')
      .optional(),
    /** Time unit of recency, age, the horizon and the fitted BG/NBD parameters (a week is 7 days). */
    unit: z.enum(['day', 'week']).default('day'),
    /** Prediction horizon in `unit`s after the as-of day. */
    horizon: z.number().positive().max(36_500).default(90),
    /** Discount rate per 30-day period (0.01 = 1 % a month); CLV discounts each period's spend by (1 + rate)^i. */
    discount: z.number().min(0).max(10).default(0),
    /** Calibration/holdout diagnostic: also fit BG/NBD on purchases up to as-of minus this many days and compare its predictions with the purchases in those days. */
    holdoutDays: z.number().int().positive().max(3650).optional(),
  })
  .strict();
export type ClvInput = z.input<typeof clvDefinitionSchema>;
export type ClvDefinition = z.output<typeof clvDefinitionSchema>;

/**
 * One person's purchase history summary in days, the `lifetimes` way: purchases grouped by UTC
 * day (same-day purchases are one purchase, values summed); frequency = purchase days − 1;
 * recency = last − first purchase day; T = as-of day − first purchase day; monetary = mean
 * value of the repeat purchase days (0 without repeats).
 */
export interface ClvSummary {
  personId: string;
  frequency: number;
  recencyDays: number;
  tDays: number;
  monetary: number;
}

/** BG/NBD parameters (Fader, Hardie & Lee 2005), in the chosen unit. */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** Gamma-Gamma parameters (Fader & Hardie 2013). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** How a maximum-likelihood fit went. */
export interface FitDiagnostics {
  /** True when Nelder-Mead met its tolerances before the iteration cap. */
  converged: boolean;
  iterations: number;
  /** Asymptotic standard errors (inverse of the numerical Hessian of −log L), null when the Hessian is not invertible. */
  standardErrors: Record<string, number> | null;
}

export interface ClvPerson extends ClvSummary {
  pAlive: number;
  /** Expected purchases in the horizon. */
  expectedPurchases: number;
  /** Gamma-Gamma conditional expected average spend per purchase. */
  expectedSpend: number;
  /** Discounted expected spend over the horizon. */
  clv: number;
}

/** The answer of `trailmap clv --json`. */
export interface ClvResult {
  purchase: string;
  value: string;
  /** The as-of day used (YYYY-MM-DD), null without purchases. */
  asOf: string | null;
  unit: 'day' | 'week';
  horizon: number;
  discount: number;
  /** People with at least one purchase up to the as-of day. */
  customers: number;
  /** Customers with frequency > 0. */
  repeaters: number;
  bgnbd: (BgNbdParams & { logLikelihood: number } & FitDiagnostics) | null;
  /** Fitted over repeaters whose mean repeat value is > 0 (`gammaGamma.customers` of them). */
  gammaGamma: (GammaGammaParams & { logLikelihood: number; customers: number } & FitDiagnostics) | null;
  totals: { expectedPurchases: number; clv: number };
  people?: ClvPerson[];
  /** With `holdoutDays`: the fit on the calibration period (purchases up to `calibrationEnd`) and predicted vs actual holdout purchases per calibration-frequency bin. */
  holdout?: ClvHoldout;
  /** With `segment` (API) or `--segment` (CLI): the CLV of that saved segment's members. */
  segment?: import('./clv-segment.js').ClvSegmentSummary;
}

/** The calibration/holdout diagnostic of a CLV run. */
export interface ClvHoldout {
  holdoutDays: number;
  /** The calibration period's last day (YYYY-MM-DD): as-of minus holdoutDays. */
  calibrationEnd: string;
  customers: number;
  bgnbd: (BgNbdParams & { logLikelihood: number } & FitDiagnostics) | null;
  bins: import('./clv-holdout.js').HoldoutBin[];
}
