import type { PeriodUnit } from '@trailmap/core';
import type { Dialect } from '../../dialect/dialect.js';

/**
 * SQL for core's `periodIndex`: consecutive whole numbers per day, ISO week (Monday) or month,
 * so "k periods later" is subtraction and per-person aggregates group on a plain integer.
 */
export function periodIndexSql(d: Dialect, unit: PeriodUnit, ts = 'timestamp'): string {
  const ms = d.epochMs(ts);
  if (unit === 'day') return `CAST(floor(${ms} / 86400000) AS BIGINT)`;
  if (unit === 'week') return `CAST(floor((${ms} + 259200000) / 604800000) AS BIGINT)`;
  return `CAST((EXTRACT(YEAR FROM ${ts}) - 1970) * 12 + EXTRACT(MONTH FROM ${ts}) - 1 AS BIGINT)`;
}

/** Rows back from either engine carry numbers as number, bigint or text: make them numbers. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
