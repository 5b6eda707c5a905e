import type { ResolvedRange } from '../shared/resolve-range.js';

/**
 * One number now and in the previous period: `absolute` = current − previous (null when either
 * is null), `relative` = absolute ÷ |previous| (null when previous is null or 0). For a rate,
 * `absolute` is in rate units (0.05 = 5 percentage points).
 */
export interface Change {
  current: number | null;
  previous: number | null;
  absolute: number | null;
  relative: number | null;
}

export function change(current: number | null, previous: number | null): Change {
  const absolute = current === null || previous === null ? null : current - previous;
  const relative = absolute === null || previous === null || previous === 0 ? null : absolute / Math.abs(previous);
  return { current, previous, absolute, relative };
}

/** Every answer of an analysis with a time range: its result and the absolute range it used. */
export type RangedAnswer<R> = R & { range: ResolvedRange };

/**
 * An answer with `compare: "previous_period"`: the result over the range, the same definition's
 * result over the previous period (`previous`), and the change of each number (`change`).
 */
export type ComparedAnswer<R, C> = RangedAnswer<R> & { previous: { range: ResolvedRange; result: R }; change: C };

/** What the API answers for an analysis that can compare: compared when asked, ranged otherwise. */
export type MaybeComparedAnswer<R, C> = RangedAnswer<R> & { previous?: { range: ResolvedRange; result: R }; change?: C };
