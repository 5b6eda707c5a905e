import type { AnalyticsEvent } from './analytics-event.js';
import type { TimeRange } from './time-range.js';

/**
 * The observation end of an analysis: the moment up to which its data is known to be complete,
 * `min(range.to, newest event in the store + 1 ms)`. One rule for every time series and cohort
 * grid (see docs/analytics/README.md, "Complete and incomplete periods"): the end of the data,
 * not the clock, so a store whose collection stopped last week does not show last week as
 * final, and a result does not change with the hour it is asked. The newest event is taken over
 * the whole store (every type, person and segment): a filter narrows what is counted, not how
 * far the data reaches. Null without data.
 */
export function observationEnd(newestEventMs: number | null, range: TimeRange | undefined): number | null {
  if (newestEventMs === null) return null;
  const to = range?.to ? Date.parse(range.to) : Number.POSITIVE_INFINITY;
  return Math.min(newestEventMs + 1, to);
}

/** The newest event time of the events given (the reference's "store"); null when there are none. */
export function newestEventMs(events: readonly AnalyticsEvent[]): number | null {
  let max = Number.NEGATIVE_INFINITY;
  for (const e of events) if (e.timestamp > max) max = e.timestamp;
  return max === Number.NEGATIVE_INFINITY ? null : max;
}

/** A span [start, end) is complete when it lies wholly before the observation end. */
export const spanComplete = (endMs: number, observedEndMs: number | null): boolean => observedEndMs !== null && endMs <= observedEndMs;

/** The observation end as results carry it (ISO text; null without data). */
export const observedUntilIso = (observedEndMs: number | null): string | null => (observedEndMs === null ? null : new Date(observedEndMs).toISOString());
