import { periodIndex, periodStartIso, periodStartMs, type PeriodUnit } from '../retention/period-index.js';
import { observedUntilIso, spanComplete } from '../shared/observation-end.js';
import { stepNames, type FunnelDefinition } from './funnel.schema.js';

/** Entities (people or sessions) per breakdown value, period of their step-1 time and furthest step reached (≥ 1). */
export interface FunnelCountRow {
  breakdown: string | null;
  /** Start (ms) of the period (day/week/month) holding the step-1 time. */
  periodStartMs: number;
  maxStep: number;
  count: number;
}

/** Average, median and 90th percentile (R-7 interpolation) of durations in ms. */
export interface DurationStats {
  avgMs: number;
  medianMs: number;
  p90Ms: number;
}

/** Time statistics over all entities (not per breakdown value). */
export interface FunnelTimeStats {
  /** Index i (0-based step index, i ≥ 1): time from step i to step i+1 of entities reaching step i+1; null when none (or order "any"). */
  fromPrevious: Array<DurationStats | null>;
  /** From step 1 to the last step, for converted entities (null when none, or order "any"). */
  total: DurationStats | null;
  /** Converted entities per bin of FUNNEL_HISTOGRAM_BINS (same length). */
  histogram: number[];
}

/**
 * Upper bounds (exclusive, ms) of the time-to-convert histogram bins; the last bin is open.
 * Fixed, human-sized bins so charts of different funnels line up.
 */
export const FUNNEL_HISTOGRAM_BINS: readonly number[] = [
  60_000, 5 * 60_000, 15 * 60_000, 3_600_000, 3 * 3_600_000, 12 * 3_600_000, 86_400_000, 2 * 86_400_000, 4 * 86_400_000, 7 * 86_400_000,
  14 * 86_400_000, 30 * 86_400_000, Number.POSITIVE_INFINITY,
];

/** Index of the histogram bin holding a duration. */
export const histogramBin = (ms: number): number => FUNNEL_HISTOGRAM_BINS.findIndex((hi) => ms < hi);

export interface FunnelStepResult {
  /** 1-based. */
  index: number;
  name: string;
  /** Entities (people or sessions) reaching this step. */
  count: number;
  /** count / previous step's count (null for step 1 or an empty previous step). */
  conversionFromPrevious: number | null;
  /** count / step 1's count (null when nobody entered). */
  conversionFromFirst: number | null;
  /** Entities that reached the previous step but not this one (0 for step 1). */
  dropOff: number;
  avgTimeFromPreviousMs: number | null;
  medianTimeFromPreviousMs: number | null;
  p90TimeFromPreviousMs: number | null;
}

export interface FunnelResult {
  order: FunnelDefinition['order'];
  countBy: FunnelDefinition['countBy'];
  windowMs: number;
  steps: FunnelStepResult[];
  /** From step 1 to the last step, for entities that converted. */
  timeToConvert: { avgMs: number | null; medianMs: number | null; p90Ms: number | null; histogram: Array<{ fromMs: number; toMs: number | null; count: number }> };
  /**
   * By the period of the step-1 time: entities entering the funnel, converting (reaching the
   * last step), rate. `complete`: the period's end plus the conversion window lies before the
   * observation end, so every entrant had the whole window to convert; an incomplete point's
   * rate can still rise.
   */
  overTime: Array<{ period: string; entered: number; converted: number; rate: number; complete: boolean }>;
  /** The observation end (ISO, see `observationEnd`): periods reaching past it are incomplete; null without data. */
  observedUntil: string | null;
  /**
   * Per breakdown value (null value = not set), largest first; absent without a breakdown. Step
   * times and the time to convert are those of the value's entities (null for order "any").
   */
  breakdown?: Array<{ value: string | null; steps: FunnelStepResult[]; timeToConvert: { avgMs: number | null; medianMs: number | null; p90Ms: number | null } }>;
  /** With `dropOffStep: n`: people who reached step n-1 but not step n (ids sorted, up to the limit). */
  dropOff?: { step: number; count: number; people: string[] };
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

function stepResults(names: string[], reached: number[], times: FunnelTimeStats | null): FunnelStepResult[] {
  return names.map((name, i) => {
    const t = i > 0 && times ? times.fromPrevious[i] ?? null : null;
    const count = reached[i] ?? 0;
    return {
      index: i + 1,
      name,
      count,
      conversionFromPrevious: i === 0 ? null : ratio(count, reached[i - 1] ?? 0),
      conversionFromFirst: ratio(count, reached[0] ?? 0),
      dropOff: i === 0 ? 0 : (reached[i - 1] ?? 0) - count,
      avgTimeFromPreviousMs: t?.avgMs ?? null,
      medianTimeFromPreviousMs: t?.medianMs ?? null,
      p90TimeFromPreviousMs: t?.p90Ms ?? null,
    };
  });
}

/** Entities reaching each step (reaching step i means max step ≥ i). */
function reachedPerStep(rows: readonly FunnelCountRow[], n: number): number[] {
  const reached = new Array<number>(n).fill(0);
  for (const r of rows) for (let i = 0; i < Math.min(r.maxStep, n); i++) reached[i]! += r.count;
  return reached;
}

/**
 * The result object both the TS reference and the SQL runner return, built from the same
 * aggregates (count rows, time statistics, drop-off list), so the two only differ in how they
 * compute those.
 */
export function assembleFunnelResult(
  d: FunnelDefinition,
  rows: readonly FunnelCountRow[],
  times: FunnelTimeStats,
  observedEndMs: number | null,
  dropOff?: FunnelResult['dropOff'],
  breakdownTimes?: ReadonlyMap<string | null, FunnelTimeStats>,
): FunnelResult {
  const names = stepNames(d);
  const n = d.steps.length;
  const unit: PeriodUnit = d.interval;
  const periods = new Map<number, { entered: number; converted: number }>();
  for (const r of rows) {
    const k = periodIndex(unit, r.periodStartMs);
    const p = periods.get(k) ?? { entered: 0, converted: 0 };
    p.entered += r.count;
    if (r.maxStep >= n) p.converted += r.count;
    periods.set(k, p);
  }
  const overTime = [...periods]
    .sort((a, b) => a[0] - b[0])
    .map(([k, p]) => ({
      period: periodStartIso(unit, k),
      entered: p.entered,
      converted: p.converted,
      rate: p.entered > 0 ? p.converted / p.entered : 0,
      complete: spanComplete(periodStartMs(unit, k + 1) + d.window, observedEndMs),
    }));
  let lo = 0;
  const histogram = FUNNEL_HISTOGRAM_BINS.map((hi, i) => {
    const bin = { fromMs: lo, toMs: Number.isFinite(hi) ? hi : null, count: times.histogram[i] ?? 0 };
    lo = hi;
    return bin;
  });
  const result: FunnelResult = {
    order: d.order,
    countBy: d.countBy,
    windowMs: d.window,
    steps: stepResults(names, reachedPerStep(rows, n), times),
    timeToConvert: { avgMs: times.total?.avgMs ?? null, medianMs: times.total?.medianMs ?? null, p90Ms: times.total?.p90Ms ?? null, histogram },
    overTime,
    observedUntil: observedUntilIso(observedEndMs),
  };
  if (d.breakdown) {
    const groups = new Map<string | null, FunnelCountRow[]>();
    for (const r of rows) groups.set(r.breakdown, [...(groups.get(r.breakdown) ?? []), r]);
    result.breakdown = [...groups]
      .map(([value, rs]) => {
        const t = breakdownTimes?.get(value) ?? null;
        return {
          value,
          steps: stepResults(names, reachedPerStep(rs, n), t),
          timeToConvert: { avgMs: t?.total?.avgMs ?? null, medianMs: t?.total?.medianMs ?? null, p90Ms: t?.total?.p90Ms ?? null },
        };
      })
      .sort((a, b) => b.steps[0]!.count - a.steps[0]!.count || cmpNullable(a.value, b.value))
      .slice(0, d.breakdownLimit);
  }
  if (dropOff) result.dropOff = dropOff;
  return result;
}

const cmpNullable = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);

/** Interpolated quantile (R-7, numpy's default, as the engines' quantile hooks); xs sorted ascending. */
export function quantileSorted(xs: readonly number[], q: number): number {
  const h = (xs.length - 1) * q;
  const lo = Math.floor(h);
  const a = xs[lo]!;
  const b = xs[Math.min(lo + 1, xs.length - 1)]!;
  return a + (h - lo) * (b - a);
}

/**
 * A duration statistic rounded to whole ms. It is first snapped to 1e-4 ms so that an
 * interpolated value the engines compute as …x.4999999 and TypeScript as …x.5 round alike.
 */
export const roundMs = (x: number): number => Math.round(Math.round(x * 1e4) / 1e4);

/** avg/median/p90 rounded to whole ms (null for no values). */
export function durationStats(values: readonly number[]): DurationStats | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const sum = xs.reduce((s, x) => s + x, 0);
  return { avgMs: roundMs(sum / xs.length), medianMs: roundMs(quantileSorted(xs, 0.5)), p90Ms: roundMs(quantileSorted(xs, 0.9)) };
}
