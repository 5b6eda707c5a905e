import { MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from '@trailmap/core';
import { sqlString } from './sql-text.js';

/**
 * ISO-8601 timestamps exactly as the HTTP path accepts them: `ISO_DATE` of message.schema.ts and
 * then V8's `Date.parse`, whose rules for text that already matches the pattern are:
 *   - month 01–12, day 01–31; a day past the month's end rolls over (2023-02-30 → 2023-03-02),
 *     which message.schema.ts's `isCalendarDate` refuses first, so here the day must exist;
 *   - hour 00–24, minute and second 00–59; hour 24 only as 24:00:00 with a zero fraction
 *     (`T` form: every fraction digit zero; space form: the milliseconds zero);
 *   - fractions are cut to milliseconds, not rounded;
 *   - `T` form offsets: Z, ±HH:MM or ±HHMM with HH ≤ 23 and MM ≤ 59; a bare ±HH is refused;
 *   - space form (V8's legacy parser): ±HH means hours, ±HHMM means HH hours + MM minutes (any
 *     digits), ±HH:MM needs MM ≤ 59;
 *   - no offset: UTC (V8 uses the server's zone for date-times; Trailmap servers run in UTC).
 * Known gap: with a space separator V8 reads years 0000–0099 as 2-digit years in odd ways; here
 * they are taken literally.
 */
export const ISO_PARTS_PATTERN =
  '^(\\d{4})-(\\d{2})-(\\d{2})(?:([T ])(\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}(?::?\\d{2})?)?)?$';

/**
 * Shapes on which DuckDB's TIMESTAMPTZ cast and Date.parse agree whenever the cast succeeds (a
 * year from 1000, hours below 24, offsets up to ±23:59, at most 6 fraction digits). Texts of
 * these shapes take the fast cast; the rest (and impossible dates like 02-30) the exact rules.
 */
export const COMMON_ISO_PATTERN =
  '[1-9]\\d{3}-\\d{2}-\\d{2}(?:[T ](?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,6})?)?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)?)?';

/** The parts of a text as a struct (all '' when the text is not ISO-shaped). DuckDB needs the pattern constant. */
export const isoPartsSql = (text: string) =>
  `regexp_extract(${text}, ${sqlString(ISO_PARTS_PATTERN)}, ['y', 'mo', 'd', 'sep', 'h', 'mi', 's', 'f', 'z'])`;

const int = (e: string) => `CAST(${e} AS INTEGER)`;
const part = (p: string, name: string) => int(`coalesce(nullif(${p}.${name}, ''), '0')`);

/** Macro `_imp_iso_instant(parts)`: the TIMESTAMP Date.parse would give, NULL where it gives NaN. */
export const ISO_INSTANT_MACRO = (() => {
  const p = 'p';
  const [h, mi, s] = [part(p, 'h'), part(p, 'mi'), part(p, 's')];
  const ms = int(`rpad(left(${p}.f, 3), 3, '0')`);
  const zh = int(`substr(${p}.z, 2, 2)`);
  const zm = `CASE WHEN length(${p}.z) >= 5 THEN ${int(`right(${p}.z, 2)`)} ELSE 0 END`;
  const offsetMinutes = `CASE WHEN length(${p}.z) <= 1 THEN 0 ELSE (CASE left(${p}.z, 1) WHEN '-' THEN -1 ELSE 1 END) * (${zh} * 60 + ${zm}) END`;
  const [y, mo, d] = [int(`${p}.y`), int(`${p}.mo`), int(`${p}.d`)];
  const leap = `((${y} % 4 = 0 AND ${y} % 100 <> 0) OR ${y} % 400 = 0)`;
  const monthDays = `CASE WHEN ${mo} = 2 THEN (CASE WHEN ${leap} THEN 29 ELSE 28 END) WHEN ${mo} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;
  const dateOk = `${mo} BETWEEN 1 AND 12 AND ${d} BETWEEN 1 AND ${monthDays}`;
  const hour24Ok = `(${h} < 24 OR (${mi} = 0 AND ${s} = 0 AND CASE WHEN ${p}.sep = 'T' THEN ltrim(${p}.f, '0') = '' ELSE ${ms} = 0 END))`;
  const timeOk = `(${p}.sep = '' OR (${h} <= 24 AND ${mi} <= 59 AND ${s} <= 59 AND ${hour24Ok}))`;
  const zoneOk = `(length(${p}.z) <= 1
      OR (${p}.sep = 'T' AND length(${p}.z) >= 5 AND ${zh} <= 23 AND ${zm} <= 59)
      OR (${p}.sep = ' ' AND (length(${p}.z) IN (3, 5) OR ${zm} <= 59)))`;
  const instant = `make_timestamp(${y}, ${mo}, 1, 0, 0, 0)
      + to_days(${d} - 1) + to_hours(${h}) + to_minutes(${mi} - ${offsetMinutes})
      + to_seconds(${s}) + to_milliseconds(${ms})`;
  return `CREATE OR REPLACE TEMP MACRO _imp_iso_instant(${p}) AS
    CASE WHEN ${p}.y <> '' AND ${dateOk} AND ${timeOk} AND ${zoneOk} THEN ${instant} END`;
})();

/** Whether a TIMESTAMP lies in core's storable range [MIN_TIMESTAMP_MS, MAX_TIMESTAMP_MS) (±infinity does not: its epoch_ms is NULL). */
export const inTimestampRangeSql = (ts: string) => `coalesce(epoch_ms(${ts}) >= ${MIN_TIMESTAMP_MS} AND epoch_ms(${ts}) < ${MAX_TIMESTAMP_MS}, false)`;

/** A TIMESTAMP written the way Date#toISOString writes it (what normalizeMessage stores). */
export const isoTextSql = (ts: string) => `strftime(${ts}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
