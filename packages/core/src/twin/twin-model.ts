import type { TwinChain } from './twin-chain.js';
import type { TwinFitOptions } from './twin-fit-options.js';

/** Value of a conversion in one segment: summary and distribution. */
export interface TwinValueStats {
  /** Converted journeys the values come from. */
  count: number;
  mean: number;
  /** Sample standard deviation (0 with fewer than two values). */
  sd: number;
  min: number;
  max: number;
  /** Quantiles p10, p25, p50, p75, p90 (linear interpolation); null without values. */
  quantiles: { p10: number; p25: number; p50: number; p75: number; p90: number } | null;
}

/** The chain fitted on one segment's journeys (or on all of them: `overall`). */
export interface TwinSegmentFit {
  segment: string | null;
  journeys: number;
  conversions: number;
  /** Share of all journeys in this segment (the segment mix). */
  share: number;
  /**
   * Observed transition counts, n × (n + 2) like the chain. A row with no visits in a segment
   * borrows the overall row in `chain` (and in the posterior draws).
   */
  counts: Float64Array;
  /** Maximum-likelihood chain: counts / row totals. */
  chain: TwinChain;
  value: TwinValueStats;
}

/** A fitted digital twin: one chain over all journeys and one per segment, over the same states. */
export interface TwinModel {
  options: TwinFitOptions;
  /** Transient states (index 0 is `(start)`), most visited first. */
  states: readonly string[];
  /** Visits per state over all journeys (the start counts once per journey). */
  visits: Float64Array;
  /** Mean dwell time per state in ms (time to the next touchpoint or conversion); NaN when never timed. */
  dwellMs: Float64Array;
  journeys: number;
  conversions: number;
  overall: TwinSegmentFit;
  /** Every segment seen (null included), largest first; their shares sum to 1. */
  segments: TwinSegmentFit[];
  /** Labels pooled into `(other)` because they were seen fewer than `minCount` times. */
  pooled: string[];
}
