import { assertUnreachable, err, ok, type Result } from '../../result.js';
import { parseWrittenTime, type RangeSpec, type WrittenTime } from './range-spec.js';
import { addDays, addMonths, isoWeekday, localDate, startOfDay, wallToInstant, type LocalDate } from './time-zone.js';
import type { TimeRange } from './time-range.js';

/** What relative ranges resolve against: the project time zone and the current instant (ms). */
export interface RangeClock {
  timeZone: string;
  now: number;
}

/** The absolute range an answer used, with what was asked for. */
export interface ResolvedRange {
  /** Inclusive start (ISO, UTC), or null for no lower bound. */
  from: string | null;
  /** Exclusive end (ISO, UTC), or null for no upper bound. */
  to: string | null;
  /** The project time zone the range was read in. */
  timeZone: string;
  /** The range as the definition wrote it (null: all time). */
  spec: RangeSpec | null;
  /** True when the range has an end and it is not after the clock's now (the period is over). */
  complete: boolean;
}

/** A range that cannot be resolved; `path` is inside the range field (`['to']`) or `[]`. */
export interface RangeIssue {
  path: string[];
  message: string;
}

/** A run of whole calendar units from a local date: N days, or N months (from a month's first day). */
interface CalendarSpan {
  start: LocalDate;
  unit: 'day' | 'month';
  count: number;
}

const shift = (d: LocalDate, unit: CalendarSpan['unit'], k: number): LocalDate => (unit === 'day' ? addDays(d, k) : addMonths(d, k));

/** The calendar span of a relative range, as of `now` in the zone. */
function calendarSpan(spec: RangeSpec, clock: RangeClock): CalendarSpan | null {
  const today = localDate(clock.now, clock.timeZone);
  if (spec.last !== undefined) {
    const n = Number(spec.last.slice(0, -1)) * (spec.last.endsWith('w') ? 7 : 1);
    return { start: addDays(today, -(n - 1)), unit: 'day', count: n };
  }
  const monday = addDays(today, 1 - isoWeekday(today));
  const month = addMonths(today, 0);
  const year: LocalDate = { year: today.year, month: 1, day: 1 };
  switch (spec.period) {
    case undefined:
      return null;
    case 'today':
      return { start: today, unit: 'day', count: 1 };
    case 'yesterday':
      return { start: addDays(today, -1), unit: 'day', count: 1 };
    case 'this_week':
      return { start: monday, unit: 'day', count: 7 };
    case 'last_week':
      return { start: addDays(monday, -7), unit: 'day', count: 7 };
    case 'this_month':
      return { start: month, unit: 'month', count: 1 };
    case 'last_month':
      return { start: addMonths(month, -1), unit: 'month', count: 1 };
    case 'this_year':
      return { start: year, unit: 'month', count: 12 };
    case 'last_year':
      return { start: addMonths(year, -12), unit: 'month', count: 12 };
    default:
      return assertUnreachable(spec.period);
  }
}

/** The instant of a written date or time: its own offset, else the wall time in the zone. */
export function writtenInstant(w: WrittenTime, timeZone: string): number {
  const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  return w.offsetMs === null ? wallToInstant(wall, timeZone) : wall - w.offsetMs;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function resolved(from: number | null, to: number | null, spec: RangeSpec | null, clock: RangeClock): ResolvedRange {
  return { from: iso(from), to: iso(to), timeZone: clock.timeZone, spec, complete: to !== null && to <= clock.now };
}

/**
 * The absolute range a written range means in the project time zone at `clock.now` (see
 * docs/analytics/README.md#time-ranges): `last: "Nd"` is the N calendar days ending with today
 * (today included), `Nw` is 7N days; a calendar period runs from its first local midnight to the
 * next period's; absolute dates and times without an offset are local wall times.
 */
export function resolveRange(spec: RangeSpec | undefined, clock: RangeClock): Result<ResolvedRange, RangeIssue> {
  if (!spec || Object.keys(spec).length === 0) return ok(resolved(null, null, null, clock));
  const span = calendarSpan(spec, clock);
  if (span) return ok(resolved(startOfDay(span.start, clock.timeZone), startOfDay(shift(span.start, span.unit, span.count), clock.timeZone), spec, clock));
  const at = (s: string | undefined, field: string): number | null | RangeIssue => {
    if (s === undefined) return null;
    const w = parseWrittenTime(s);
    return w ? writtenInstant(w, clock.timeZone) : { path: [field], message: 'not a date or date-time' };
  };
  const from = at(spec.from, 'from');
  const to = at(spec.to, 'to');
  if (from !== null && typeof from === 'object') return err(from);
  if (to !== null && typeof to === 'object') return err(to);
  if (from !== null && to !== null && from >= to) return err({ path: ['to'], message: `"to" (${iso(to)}) must be after "from" (${iso(from)}) in ${clock.timeZone}` });
  return ok(resolved(from, to, spec, clock));
}

/**
 * The period of the same length just before a resolved range, for `compare: "previous_period"`:
 * a relative range moves back by its own calendar length (the 30 days before the last 30 days,
 * the month before a month, whatever its number of days or DST hours), an absolute one by its
 * duration. A range without both ends has no previous period.
 */
export function previousRange(current: ResolvedRange, clock: RangeClock): Result<ResolvedRange, RangeIssue> {
  if (current.from === null || current.to === null) {
    return err({ path: [], message: 'comparing with the previous period needs a range with a start and an end (from and to, last or period), not all time' });
  }
  const span = current.spec ? calendarSpan(current.spec, clock) : null;
  const from = Date.parse(current.from);
  const prevFrom = span ? startOfDay(shift(span.start, span.unit, -span.count), clock.timeZone) : from - (Date.parse(current.to) - from);
  const prev = resolved(prevFrom, from, null, clock);
  return ok({ ...prev, spec: { from: prev.from!, to: prev.to! } });
}

/** The engines' form of a resolved range (absolute instants; absent ends left out). */
export const timeRangeOf = (r: ResolvedRange): TimeRange => ({ ...(r.from !== null ? { from: r.from } : {}), ...(r.to !== null ? { to: r.to } : {}) });
