import { CONVERSION_VALUE_KEYS, JOURNEY_EVENT_TYPES, type ConversionPathsDefinition } from '@trailmap/core';
import type { Dialect, Params } from '../../dialect/dialect.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { labelIdSql } from '../sql/label-ids.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';

/** The touch label expression of `by` (see `journeyLabeler` in core). */
export function journeyLabelSql(by: ConversionPathsDefinition['by'], d: Dialect): string {
  return by === 'event' ? d.eventLabel : by === 'channel' ? 'channel' : 'touchpoint';
}

/**
 * The value of a conversion row (see `conversionValue` in core): the first of revenue, value,
 * total whose JSON type is a number, else 0. Keys are bound like every property key.
 */
export function conversionValueSql(p: Params): string {
  if (p.dialect.name === 'clickhouse') {
    const arms = CONVERSION_VALUE_KEYS.map((k) => {
      const key = p.add(k);
      return `JSONType(properties, ${key}) IN ('Int64', 'UInt64', 'Double'), JSONExtractFloat(properties, ${key})`;
    });
    return `multiIf(${arms.join(', ')}, 0.0)`;
  }
  const arms = CONVERSION_VALUE_KEYS.map((k) => {
    const ptr = p.add(`/${k}`);
    return `WHEN json_type(properties, ${ptr}) IN ('BIGINT', 'UBIGINT', 'HUGEINT', 'DOUBLE') THEN CAST(json_extract_string(properties, ${ptr}) AS DOUBLE)`;
  });
  return `CASE ${arms.join(' ')} ELSE 0.0 END`;
}

/** Whole numbers from a validated definition, checked again because they are written into the SQL. */
function wholeNumber(name: string, v: number, min: number): number {
  if (!Number.isSafeInteger(v) || v < min) throw new Error(`conversion paths ${name} must be a whole number ≥ ${min}, got ${v}`);
  return v;
}

/** The events a definition looks at (types, range, segment, conversion or touch), with `isConversion`. */
function journeyScope(def: ConversionPathsDefinition, p: Params): { where: string; isConversion: string } {
  const isConversion = eventMatchSql(def.conversion, p);
  const where = [`type IN (${JOURNEY_EVENT_TYPES.map((t) => p.add(t)).join(', ')})`, timeRangeSql(def.range, p)];
  const seg = personFilterSql(def.segment, p);
  if (seg) where.push(`person_id IN ${seg}`);
  // A conversion is never a touch; other events are touches when they match `touches`.
  const isTouch = def.touches ? eventMatchSql(def.touches, p) : '(1 = 1)';
  where.push(`(${isConversion} OR ${isTouch})`);
  return { where: where.join(' AND '), isConversion };
}

/** The distinct touch labels of a definition's events (rows `lbl`): journeys carry a label as its position there (see label-ids.sql.ts). */
export function journeyLabelsSql(def: ConversionPathsDefinition, p: Params): string {
  const { where } = journeyScope(def, p);
  return `SELECT DISTINCT ${journeyLabelSql(def.by, p.dialect)} AS lbl FROM ${p.dialect.events} AS events WHERE ${where}`;
}

/**
 * One row per journey (see `conversionJourneys` in core): person_id, jn (the journey's number
 * within the person, in time order; the null journey is the last), the kept touches' label ids
 * (positions in `labels`, see `journeyLabelsSql`) and times (epoch ms), converted (1/0),
 * value, end_t (the conversion's time; for a null journey its last touch's), dropped (touches
 * the `maxTouches` cap left out; 0 without a cap). Events are filtered (types, range, segment,
 * conversion or touch), labelled and valued once, then grouped per person into one list sorted
 * by (time, message id), the only sort; the list is split after every conversion into
 * journeys, and each journey's touches are cut by lookback, collapsed and (with a cap) limited
 * with list functions. Written per engine: ClickHouse arrays
 * (arraySplit, arrayShiftLeft), DuckDB lists with lambdas.
 */
export function conversionJourneysSql(def: ConversionPathsDefinition, p: Params, labels: readonly string[]): string {
  const lookback = wholeNumber('lookback', def.lookback, 1);
  const maxTouches = def.maxTouches === undefined ? null : wholeNumber('maxTouches', def.maxTouches, 1);
  const { where, isConversion } = journeyScope(def, p);
  const value = conversionValueSql(p);
  const lid = labelIdSql(journeyLabelSql(def.by, p.dialect), labels, p);
  const labelled = `SELECT person_id, message_id, ${p.dialect.epochMs('timestamp')} AS t, ${lid.id} AS lbl,
      CASE WHEN ${isConversion} THEN 1 ELSE 0 END AS c, CASE WHEN ${isConversion} THEN ${value} ELSE 0.0 END AS v
    FROM ${p.dialect.events} AS events${lid.join} WHERE ${where}`;
  const plan = { labelled, lookback, maxTouches, collapse: def.collapseRepeats };
  return p.dialect.name === 'clickhouse' ? clickhouseJourneysSql(plan) : duckdbJourneysSql(plan);
}

interface JourneysPlan {
  /** Rows (person_id, message_id, t, lbl, c, v): lbl a label id, c = 1 for a conversion, v its value. */
  labelled: string;
  lookback: number;
  /** null: no cap. */
  maxTouches: number | null;
  collapse: boolean;
}

/**
 * ClickHouse: per person `groupArray`s zipped and sorted; `arraySplit` before every event that
 * follows a conversion gives the journeys (each ends with its conversion, but the trailing
 * null one); arrayJoin makes a row of each. Lambdas capture only scalars (end_t).
 */
function clickhouseJourneysSql({ labelled, lookback, maxTouches, collapse }: JourneysPlan): string {
  // The message id only orders ties: it leaves the tuples once they are sorted (every later step copies them).
  const perPerson = `SELECT person_id, arrayMap(x -> (x.1, x.3, x.4, x.5), arraySort(arrayZip(groupArray(t), groupArray(message_id), groupArray(lbl), groupArray(c), groupArray(v)))) AS ev
    FROM (${labelled}) AS j0 GROUP BY person_id`;
  const split = `SELECT person_id, arraySplit((x, pc) -> pc = 1, ev, arrayShiftRight(arrayMap(x -> x.3, ev), 1)) AS js FROM (${perPerson}) AS j1`;
  const chunks = `SELECT person_id, arrayJoin(arrayZip(js, arrayEnumerate(js))) AS jz FROM (${split}) AS j2`;
  const cut = `SELECT person_id, toInt64(jz.2) AS jn, jz.1[-1] AS lastev, toUInt8(lastev.3 = 1) AS converted, lastev.1 AS end_t,
      if(converted = 1, lastev.4, 0.0) AS value, arrayFilter(x -> end_t - x.1 <= ${lookback}, if(converted = 1, arrayPopBack(jz.1), jz.1)) AS tt0
    FROM (${chunks}) AS j3`;
  // Collapse: keep a touch unless the next one has the same label (the latest of each run stays).
  const tt = collapse ? `arrayFilter((x, nl) -> isNull(nl) OR x.2 <> nl, tt0, arrayShiftLeft(arrayMap(x -> toNullable(x.2), tt0), 1))` : 'tt0';
  const limited = maxTouches === null ? 'tt1' : `arraySlice(tt1, -${maxTouches})`;
  return `SELECT person_id, jn, arrayMap(x -> x.2, tt) AS labels, arrayMap(x -> x.1, tt) AS times, converted, value, end_t, toInt64(length(tt1) - length(tt)) AS dropped
    FROM (SELECT person_id, jn, converted, value, end_t, tt1, ${limited} AS tt FROM (SELECT person_id, jn, converted, value, end_t, ${tt} AS tt1 FROM (${cut}) AS j4) AS j4b) AS j5`;
}

/**
 * DuckDB: per person one list of structs, `list_sort`ed (by time, then message id); journey
 * starts are the first event and every event after a conversion; slices between starts are
 * unnested to one row per journey, then cut with list lambdas.
 */
function duckdbJourneysSql({ labelled, lookback, maxTouches, collapse }: JourneysPlan): string {
  // The message id only orders ties: it leaves the structs once they are sorted.
  const perPerson = `SELECT person_id, list_transform(list_sort(list(struct_pack(t := t, m := message_id, l := lbl, c := c, v := v))), lambda x: struct_pack(t := x.t, l := x.l, c := x.c, v := x.v)) AS ev
    FROM (${labelled}) AS j0 GROUP BY person_id`;
  const starts = `SELECT person_id, ev, list_filter(range(1, len(ev) + 1), lambda i: i = 1 OR ev[i - 1].c = 1) AS st FROM (${perPerson}) AS j1`;
  const chunks = `SELECT person_id, unnest(list_transform(range(1, len(st) + 1), lambda j: struct_pack(n := j, s := ev[st[j] : coalesce(st[j + 1] - 1, len(ev))]))) AS jz
    FROM (${starts}) AS j2`;
  const ends = `SELECT person_id, jz.n AS jn, jz.s AS s, CAST(jz.s[len(jz.s)].c AS INTEGER) AS converted, jz.s[len(jz.s)].t AS end_t FROM (${chunks}) AS j3`;
  const cut = `SELECT person_id, jn, converted, end_t, CASE WHEN converted = 1 THEN s[len(s)].v ELSE 0.0 END AS value,
      list_filter(CASE WHEN converted = 1 THEN s[1 : len(s) - 1] ELSE s END, lambda x: end_t - x.t <= ${lookback}) AS tt0
    FROM (${ends}) AS j4`;
  const tt = collapse ? `list_filter(tt0, lambda x, i: i = len(tt0) OR x.l <> tt0[i + 1].l)` : 'tt0';
  const slice = maxTouches === null ? 'tt1' : `list_slice(tt1, greatest(1, len(tt1) - ${maxTouches - 1}), len(tt1))`;
  const limited = `SELECT person_id, jn, converted, end_t, value, ${slice} AS tt, CAST(len(tt1) AS BIGINT) AS n_all
    FROM (SELECT person_id, jn, converted, end_t, value, ${tt} AS tt1 FROM (${cut}) AS j5) AS j6`;
  return `SELECT person_id, jn, list_transform(tt, lambda x: x.l) AS labels, list_transform(tt, lambda x: x.t) AS times, converted, value, end_t, n_all - len(tt) AS dropped FROM (${limited}) AS j7`;
}

/**
 * Path counts (see `conversionPathCounts` in core): the journeys grouped by label sequence,
 * rows of (labels as ids, conversions, nulls, value, cut_journeys, cut_touches).
 */
export function conversionPathCountsSql(def: ConversionPathsDefinition, p: Params, labels: readonly string[]): string {
  return `SELECT labels, sum(converted) AS conversions, count(*) - sum(converted) AS nulls, sum(value) AS value,
      sum(CASE WHEN dropped > 0 THEN 1 ELSE 0 END) AS cut_journeys, sum(dropped) AS cut_touches
    FROM (${conversionJourneysSql(def, p, labels)}) AS jc GROUP BY labels`;
}

/** Converting journeys as (person_id, jn, label ids, ms_before, value) in (person, jn) order, see `journeyTouchTimes` in core. */
export function journeyTouchTimesSql(def: ConversionPathsDefinition, p: Params, labels: readonly string[]): string {
  const msBefore = p.dialect.name === 'clickhouse' ? 'arrayMap(x -> end_t - x, times)' : 'list_transform(times, lambda x: end_t - x)';
  return `SELECT person_id, jn, labels, ${msBefore} AS ms_before, value FROM (${conversionJourneysSql(def, p, labels)}) AS jt WHERE converted = 1 ORDER BY person_id, jn`;
}
