import { periodStartIso, periodStartMs, type PeriodUnit } from './period-index.js';
import { observedUntilIso, spanComplete } from '../shared/observation-end.js';
import type { RetentionDefinition } from './retention.schema.js';
import type { SegmentBreakdownGroup } from '../shared/segment-breakdown.js';

/**
 * The per-person aggregates a retention result is built from; the TS reference and the SQL
 * versions both produce this, then share `retentionGrid`.
 */
export interface RetentionCounts {
  /** Cohort period index → number of people in the cohort. */
  sizes: Map<number, number>;
  /**
   * Cohort period index → offset d ≥ 1 → people. Mode `on`: people with a return event exactly
   * d periods after the cohort period. Mode `on_or_after`: people whose LAST return event is d
   * periods after the cohort period (offsets above `periods` are folded into `periods`).
   */
  returned: Map<number, Map<number, number>>;
  /** Index of the period holding the last event of the data (within the range); null when empty. */
  lastPeriod: number | null;
  /** The observation end (see `observationEnd`): cells whose period ends after it are incomplete. */
  observedEndMs: number | null;
}

export interface RetentionCell {
  /** Periods since the cohort period (0 = the cohort period itself, always 100%). */
  period: number;
  /** People retained; null when period k is not observed yet (after the end of the data). */
  count: number | null;
  /** count / cohort size; null when not observed. */
  rate: number | null;
  /**
   * The cell's period (cohort period + k) ended before the observation end. An incomplete cell's
   * count can still grow; an unobserved one (count null) is incomplete too.
   */
  complete: boolean;
}

export interface RetentionCohort {
  /** Start of the cohort period (ISO). */
  cohort: string;
  size: number;
  /** True when some periods are after the end of the data (their cells are null, not 0%). */
  incomplete: boolean;
  values: RetentionCell[];
}

export interface RetentionAverage {
  period: number;
  /** Cohorts that have observed this period. */
  cohorts: number;
  /** Sum of their sizes (the weight). */
  size: number;
  count: number;
  /** Weighted average retention (sum of counts / sum of sizes); null when no cohort observed it. */
  rate: number | null;
  /** 1 − rate: the share of the cohorts that did not come back in this period (in/after it for on_or_after). */
  churn: number | null;
  /** Every cell averaged here is complete (false when one of them is still filling up). */
  complete: boolean;
}

export interface RetentionResult {
  period: PeriodUnit;
  periods: number;
  mode: RetentionDefinition['mode'];
  startMode: RetentionDefinition['startMode'];
  /** Start of the last observed period (ISO), null without data. */
  lastPeriod: string | null;
  /** The observation end (ISO); null without data. */
  observedUntil: string | null;
  cohorts: RetentionCohort[];
  average: RetentionAverage[];
  /**
   * With `breakdown: { segment }`: one grid per group, "in" then "not in" (both always present;
   * every person of the overall grid is in exactly one of them). Absent without a breakdown.
   */
  breakdown?: RetentionGroup[];
}

/** The retention grid of one breakdown group (same periods and observation end as the whole). */
export interface RetentionGroup {
  value: SegmentBreakdownGroup;
  cohorts: RetentionCohort[];
  average: RetentionAverage[];
}

/** Cohort grid, weighted average row and churn from the counts. */
export function retentionGrid(def: RetentionDefinition, c: RetentionCounts): RetentionResult {
  const n = def.periods;
  const last = c.lastPeriod;
  const sums = Array.from({ length: n + 1 }, () => ({ cohorts: 0, size: 0, count: 0, complete: true }));
  const cohorts = [...c.sizes.keys()]
    .sort((a, b) => a - b)
    .map((s): RetentionCohort => {
      const size = c.sizes.get(s)!;
      const ret = c.returned.get(s) ?? new Map<number, number>();
      let tail = 0;
      const counts: number[] = [];
      if (def.mode === 'on_or_after') for (let k = n; k >= 1; k--) counts[k] = tail += ret.get(k) ?? 0;
      const values: RetentionCell[] = [];
      for (let k = 0; k <= n; k++) {
        const observed = last !== null && s + k <= last;
        const count = !observed ? null : k === 0 ? size : def.mode === 'on' ? (ret.get(k) ?? 0) : counts[k]!;
        const complete = count !== null && spanComplete(periodStartMs(def.period, s + k + 1), c.observedEndMs);
        if (count !== null) {
          sums[k]!.cohorts++;
          sums[k]!.size += size;
          sums[k]!.count += count;
          if (!complete) sums[k]!.complete = false;
        }
        values.push({ period: k, count, rate: count === null ? null : count / size, complete });
      }
      return { cohort: periodStartIso(def.period, s), size, incomplete: values.some((v) => v.count === null), values };
    });
  const average = sums.map((x, k): RetentionAverage => {
    const rate = x.size > 0 ? x.count / x.size : null;
    return { period: k, cohorts: x.cohorts, size: x.size, count: x.count, rate, churn: rate === null ? null : 1 - rate, complete: x.cohorts > 0 && x.complete };
  });
  return {
    period: def.period,
    periods: n,
    mode: def.mode,
    startMode: def.startMode,
    lastPeriod: last === null ? null : periodStartIso(def.period, last),
    observedUntil: observedUntilIso(c.observedEndMs),
    cohorts,
    average,
  };
}

/** The whole grid plus one grid per breakdown group, from each one's counts (TS reference and SQL share it). */
export function retentionGridWithGroups(def: RetentionDefinition, all: RetentionCounts, groups: ReadonlyArray<readonly [SegmentBreakdownGroup, RetentionCounts]>): RetentionResult {
  const result = retentionGrid(def, all);
  if (!def.breakdown) return result;
  result.breakdown = groups.map(([value, c]) => {
    const g = retentionGrid(def, c);
    return { value, cohorts: g.cohorts, average: g.average };
  });
  return result;
}
