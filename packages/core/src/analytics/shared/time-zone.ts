/**
 * Wall-clock arithmetic in an IANA time zone with the platform's ICU data (Intl), no library:
 * the offset of a zone at an instant, and the instant of a wall time (DST-aware).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone name the platform knows (`UTC`, `Europe/Berlin`, …). */
export function isTimeZone(name: string): boolean {
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

/** A calendar date (month 1–12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Wall-clock fields of an instant in a zone, as the UTC ms of those fields. */
function wallMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7,200,000). */
export function offsetAt(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallMs(whole, timeZone) - whole;
}

/** The calendar date of an instant in a zone. */
export function localDate(ms: number, timeZone: string): LocalDate {
  const d = new Date(wallMs(ms, timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/**
 * The instant a wall time (given as the UTC ms of its fields) happens in a zone. A time that
 * happens twice (the hour repeated when clocks go back) is its earlier instant; one that never
 * happens (the hour skipped when clocks go forward) moves forward by the gap, as ECMAScript
 * Temporal's "compatible" disambiguation does.
 */
export function wallToInstant(wall: number, timeZone: string): number {
  const frac = ((wall % 1000) + 1000) % 1000;
  const w = wall - frac;
  const before = offsetAt(w - 86_400_000, timeZone);
  const after = offsetAt(w + 86_400_000, timeZone);
  const valid = [w - before, w - after].filter((t) => wallMs(t, timeZone) === w);
  return (valid.length > 0 ? Math.min(...valid) : w - before) + frac;
}

/** Local midnight of a calendar date in a zone; the date may overflow (day 0, month 13) and is normalised. */
export function startOfDay(d: LocalDate, timeZone: string): number {
  return wallToInstant(Date.UTC(d.year, d.month - 1, d.day), timeZone);
}

/** A date `days` calendar days after (or before) another. */
export function addDays(d: LocalDate, days: number): LocalDate {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

/** The first day of the month `months` after (or before) a date's month. */
export function addMonths(d: LocalDate, months: number): LocalDate {
  const x = new Date(Date.UTC(d.year, d.month - 1 + months, 1));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: 1 };
}

/** ISO weekday, Monday 1 … Sunday 7. */
export const isoWeekday = (d: LocalDate): number => ((new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7) + 1;

/** `2026-11-05` for a date. */
export const formatLocalDate = (d: LocalDate): string => `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
