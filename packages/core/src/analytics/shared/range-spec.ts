import { z } from 'zod';

/** Calendar periods a range may name, in the project time zone (weeks start on Monday, ISO 8601). */
export const CALENDAR_PERIODS = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'this_year', 'last_year'] as const;
export type CalendarPeriod = (typeof CALENDAR_PERIODS)[number];

/** Largest `last`: ten years of days (3660d) or weeks (522w). */
export const LAST_MAX = { d: 3660, w: 522 } as const;

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The fields of a date or date-time as written, with its offset (null: the project time zone). */
export interface WrittenTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Offset in ms east of UTC written with the time (`Z` is 0), or null when none was written. */
  offsetMs: number | null;
}

/** Parse `2026-11-01`, `2026-11-01T09:30`, `…:15.250Z` or `…+01:00`; null when it is not one of those or not a real date. */
export function parseWrittenTime(s: string): WrittenTime | null {
  const m = LOCAL_TIME.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const t: WrittenTime = { year, month, day, hour, minute, second, ms: m[7] ? Number(m[7].padEnd(3, '0')) : 0, offsetMs: null };
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  const off = m[8];
  if (off) {
    if (off === 'Z') t.offsetMs = 0;
    else {
      const oh = Number(off.slice(1, 3));
      const om = Number(off.slice(4, 6));
      if (oh > 18 || om > 59) return null;
      t.offsetMs = (off[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
    }
  }
  return t;
}

const writtenTimeSchema = z
  .string()
  .max(40)
  .refine((s) => parseWrittenTime(s) !== null, {
    message: 'expected a date (2026-11-01) or a date-time (2026-11-01T09:30, with Z or an offset such as +01:00 to leave the project time zone)',
  });

/**
 * The time range of a definition as written: absolute (`from` and/or `to`; a date or a time
 * without an offset is in the project time zone), the last N days or weeks up to today
 * (`{ "last": "30d" }`), or a calendar period (`{ "period": "this_month" }`). `to` is exclusive.
 * See docs/analytics/README.md#time-ranges for what each resolves to.
 */
export const rangeSpecSchema = z
  .object({
    from: writtenTimeSchema.optional(),
    to: writtenTimeSchema.optional(),
    last: z
      .string()
      .regex(/^[1-9]\d{0,3}[dw]$/, { message: 'expected a count and a unit: "30d" (days) or "4w" (weeks)' })
      .refine((s) => Number(s.slice(0, -1)) <= LAST_MAX[s.slice(-1) as 'd' | 'w'], { message: `at most ${LAST_MAX.d}d or ${LAST_MAX.w}w` })
      .optional(),
    period: z.enum(CALENDAR_PERIODS).optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    const forms = [r.from !== undefined || r.to !== undefined ? 'from/to' : null, r.last !== undefined ? 'last' : null, r.period !== undefined ? 'period' : null].filter((x) => x !== null);
    if (forms.length > 1) ctx.addIssue({ code: 'custom', path: [r.last !== undefined ? 'last' : 'period'], message: `give one of from/to, last or period, not ${forms.join(' and ')}` });
  });
export type RangeSpec = z.output<typeof rangeSpecSchema>;

/** `compare: "previous_period"`: the same definition over the period of the same length just before. */
export const compareSchema = z.literal('previous_period');
export type CompareMode = z.output<typeof compareSchema>;
