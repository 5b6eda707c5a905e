import { journeyOffsetMs } from './duration.js';
import type { JourneyTrigger } from './journey-definition.schema.js';
import { localParts, zonedTime } from './time-window.js';

type ScheduleTrigger = Extract<JourneyTrigger, { type: 'schedule' }>;
type DateTraitTrigger = Extract<JourneyTrigger, { type: 'dateTrait' }>;

const DAY = 86_400_000;
const hm = (at: string) => [Number(at.slice(0, 2)), Number(at.slice(3, 5))] as const;

/** The instants in (from, to] a schedule trigger fires: its local time `at` on each of its days, in its time zone. */
export function scheduleOccurrences(t: ScheduleTrigger, from: number, to: number, projectTimeZone = 'UTC'): number[] {
  const tz = t.timeZone === 'person' ? projectTimeZone : t.timeZone;
  const [h, m] = hm(t.at);
  const out: number[] = [];
  // Noon of each local day from the day before `from` to the day after `to` (noon never falls in a DST gap).
  for (let noon = from - DAY; noon <= to + DAY; noon += DAY) {
    const d = localParts(noon, tz);
    if (!t.days.includes(d.weekday)) continue;
    const at = zonedTime(d.year, d.month, d.day, h, m, tz);
    if (at > from && at <= to && !out.includes(at)) out.push(at);
  }
  return out.sort((a, b) => a - b);
}

/** The date a trait holds (`YYYY-MM-DD`, or the date part of an ISO time), or null. */
export function traitDate(value: unknown): { year: number; month: number; day: number } | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day };
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * When a date-trait trigger fires for a person in (from, to], or null: the trait's date at the
 * local time `at` in the time zone, moved by the offset (`-7d`: a week before); with `annual`,
 * the same day in any year (29 February is the 28th in other years).
 */
export function dateTraitOccurrence(t: DateTraitTrigger, value: unknown, timeZone: string, from: number, to: number): number | null {
  const date = traitDate(value);
  if (!date) return null;
  const [h, m] = hm(t.at);
  const offset = journeyOffsetMs(t.offset);
  const at = (year: number) => {
    const day = Math.min(date.day, daysIn(year, date.month));
    return zonedTime(year, date.month, day, h, m, timeZone) + offset;
  };
  const years = t.annual ? [-1, 0, 1].map((k) => localParts(to, timeZone).year + k) : [date.year];
  for (const y of years) {
    const when = at(y);
    if (when > from && when <= to) return when;
  }
  return null;
}
