import { z } from 'zod';

/** Calendar periods analyses group by (UTC; weeks are ISO weeks starting Monday). */
export const PERIOD_UNITS = ['day', 'week', 'month'] as const;
export type PeriodUnit = (typeof PERIOD_UNITS)[number];
export const periodUnitSchema = z.enum(PERIOD_UNITS);

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** 1970-01-01 was a Thursday: shifting by 3 days puts period boundaries on Mondays. */
const MONDAY_SHIFT = 3 * DAY;

/**
 * Whole-number index of the period holding a timestamp: consecutive periods have consecutive
 * indexes, so "k periods later" is plain subtraction. The SQL versions compute the same numbers.
 */
export function periodIndex(unit: PeriodUnit, ms: number): number {
  if (unit === 'day') return Math.floor(ms / DAY);
  if (unit === 'week') return Math.floor((ms + MONDAY_SHIFT) / WEEK);
  const d = new Date(ms);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/** Start (ms) of the period with this index. */
export function periodStartMs(unit: PeriodUnit, index: number): number {
  if (unit === 'day') return index * DAY;
  if (unit === 'week') return index * WEEK - MONDAY_SHIFT;
  return Date.UTC(1970 + Math.floor(index / 12), ((index % 12) + 12) % 12, 1);
}

/** Start of the period with this index as ISO text (what results carry). */
export const periodStartIso = (unit: PeriodUnit, index: number): string => new Date(periodStartMs(unit, index)).toISOString();

/** Number of calendar days in the period with this index. */
export const periodDays = (unit: PeriodUnit, index: number): number => Math.round((periodStartMs(unit, index + 1) - periodStartMs(unit, index)) / DAY);
