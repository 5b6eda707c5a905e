import { z } from 'zod';

/**
 * Whether `s` (YYYY-MM-DD) names a day that exists: `Date.parse` rolls 2026-02-30 over to
 * March 2, so the parsed day must print back as the same text.
 */
export function isCalendarDay(s: string): boolean {
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}

/** A UTC day `YYYY-MM-DD` that exists; `what` names the field in the messages. */
export const calendarDaySchema = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${what} must be a day, YYYY-MM-DD`)
    .refine(isCalendarDay, `${what} must be a real day (2026-02-30 is not)`);
