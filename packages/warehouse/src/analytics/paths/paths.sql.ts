import { PATH_EVENT_TYPES, pathsMode, SESSION_GAP_MS, type PathsDefinition, type PathsMode } from '@trailmap/core';
import type { Params } from '../../dialect/dialect.js';
import { eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { labelIdSql } from '../sql/label-ids.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';

const flag = (cond: string) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;

/** The node label expression: touchpoint or event label, through the cleaning rules (all bound). */
export function pathLabelSql(def: Pick<PathsDefinition, 'by' | 'cleaning'>, p: Params): string {
  let label = def.by === 'event' ? p.dialect.eventLabel : 'touchpoint';
  for (const r of def.cleaning) {
    // Without a backslash (the schema refuses it) the replacement is literal on both engines.
    if (r.label.includes('\\')) throw new Error('a cleaning label cannot contain a backslash');
    label = p.dialect.regexReplaceAll(label, p.add(r.regex), p.add(r.label));
  }
  return label;
}

/** What the per-engine forms share: the labelled events and the person pre-filter. */
interface PathsPlan {
  mode: PathsMode;
  depth: number;
  gap: number;
  /** Rows (person_id, message_id, t, lbl, f): lbl the label's id, f has bit 1 for a start match, bit 2 for an end match. */
  labelled: string;
  /** HAVING clause keeping only people with an anchor event (or ''). */
  having: string;
  /** countBy person: the person id travels along (`pid`) to count distinct people. */
  byPerson: boolean;
}

/**
 * One query giving the step counts of `pathStepCounts` (core): rows of (depth, label,
 * next_label, paths). Events are pre-filtered (action types, range, segment, exclusions) and
 * labelled once, then grouped per person into one list ordered by (timestamp, message id): the
 * only sort. People without an anchor event are dropped right there (HAVING). Each person's
 * list is split into 30-minute sessions (those of `sessionIds`); sessions without their anchor
 * are dropped; in each remaining session consecutive repeats collapse into steps, the anchor
 * step is found and the path window of steps is emitted as (depth, label, next label) rows,
 * counted by a final GROUP BY. Written per engine over its native lists: ClickHouse arrays
 * (arraySplit, arrayCumSum) and DuckDB lists with lambdas; the differential tests check both
 * against the TS reference.
 */
export function pathStepCountsSql(def: PathsDefinition, p: Params, labels: readonly string[]): string {
  const plan = pathsPlan(def, p, labels);
  return p.dialect.name === 'clickhouse' ? clickhousePathsSql(plan).steps : duckdbPathsSql(plan).steps;
}

/**
 * The `n` most common complete paths (each session's window of step labels, in order), with
 * ties at the cut kept (rank ≤ n): rows (path, paths). The caller orders ties and cuts to `n`.
 */
export function topPathsSql(def: PathsDefinition, p: Params, n: number, labels: readonly string[]): string {
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`top paths must be a whole number in 1..100, got ${n}`);
  const plan = pathsPlan(def, p, labels);
  const lists = p.dialect.name === 'clickhouse' ? clickhousePathsSql(plan).lists : duckdbPathsSql(plan).lists;
  const count = def.countBy === 'person' ? 'count(DISTINCT pid)' : 'count(*)';
  return `SELECT pl AS path, n AS paths FROM (SELECT pl, n, rank() OVER (ORDER BY n DESC) AS rk FROM (SELECT pl, ${count} AS n FROM (${lists}) AS tl GROUP BY pl) AS tg) AS tr WHERE rk <= ${n}`;
}

/** The labelled events of a definition: rows (person_id, message_id, t, lbl text, f), after the type, range, segment and exclude filters. */
function labelledSql(def: PathsDefinition, p: Params): string {
  const d = p.dialect;
  const mode = pathsMode(def);
  const label = pathLabelSql(def, p);
  const isS = mode === 'before' ? '0' : flag(eventMatchSql(def.start ?? {}, p));
  const isE = mode === 'after' ? '0' : flag(eventMatchSql(def.end!, p));
  const where = [`type IN (${PATH_EVENT_TYPES.map((t) => p.add(t)).join(', ')})`, timeRangeSql(def.range, p)];
  const seg = personFilterSql(def.segment, p);
  if (seg) where.push(`person_id IN ${seg}`);
  const excluded = def.exclude.length ? `WHERE lbl NOT IN (${def.exclude.map((x) => p.add(x)).join(', ')})` : '';
  return `SELECT * FROM (SELECT person_id, message_id, ${d.epochMs('timestamp')} AS t, ${label} AS lbl, ${isS} + 2 * ${isE} AS f
    FROM ${d.events} AS events WHERE ${where.join(' AND ')}) AS l0 ${excluded}`;
}

/** The distinct node labels of a definition (rows `lbl`): the per-person lists carry a label as its position there (see label-ids.sql.ts). */
export function pathLabelsSql(def: PathsDefinition, p: Params): string {
  return `SELECT DISTINCT lbl FROM (${labelledSql(def, p)}) AS pl0`;
}

function pathsPlan(def: PathsDefinition, p: Params, labels: readonly string[]): PathsPlan {
  const mode = pathsMode(def);
  const depth = def.depth;
  if (!Number.isInteger(depth) || depth < 1 || depth > 10) throw new Error(`paths depth must be a whole number in 1..10, got ${depth}`);
  const lid = labelIdSql('lt.lbl', labels, p);
  const labelled = `SELECT lt.person_id AS person_id, lt.message_id AS message_id, lt.t AS t, ${lid.id} AS lbl, lt.f AS f FROM (${labelledSql(def, p)}) AS lt${lid.join}`;
  // Only people with an anchor event can have a path (with neither start nor end, everyone can).
  const having = [mode !== 'before' && def.start ? 'max(f % 2) = 1' : '', mode !== 'after' ? 'max(f) >= 2' : ''].filter(Boolean);
  return { mode, depth, gap: SESSION_GAP_MS, labelled, having: having.length ? `HAVING ${having.join(' AND ')}` : '', byPerson: def.countBy === 'person' };
}

/**
 * Per engine: `steps`, the step counts query; `lists`, one row per path with its labels `pl`
 * (and its person `pid` when counting people).
 */
interface PathsSql {
  steps: string;
  lists: string;
}

/**
 * The final count over rows (depth, label, next_label[, pid]): paths per step row; or, counting
 * people, distinct people per step row, per node (`lvl` 1) and in all (`lvl` 2) via grouping sets.
 */
function stepCountsSql(rows: string, byPerson: boolean): string {
  if (!byPerson) return `SELECT depth, label, next_label, 0 AS lvl, count(*) AS paths FROM (${rows}) AS l6 GROUP BY depth, label, next_label`;
  return `SELECT depth, label, next_label, grouping(next_label) + grouping(label) AS lvl, count(DISTINCT pid) AS paths FROM (${rows}) AS l6
    GROUP BY GROUPING SETS ((depth, label, next_label), (depth, label), ())`;
}

/**
 * ClickHouse: per person `groupArray`s zipped and sorted, `arraySplit` at session gaps, then
 * per session (one row each, via arrayJoin): step starts, `arrayCumSum` step numbers, the
 * anchor index (`arrayFirstIndex`), and the path window sliced out of the step labels.
 * Lambdas capture only scalars (a captured array would be copied per element).
 */
function clickhousePathsSql({ mode, depth, gap, labelled, having, byPerson }: PathsPlan): PathsSql {
  const pid = byPerson ? 'pid, ' : '';
  // The message id only orders ties: it leaves the tuples (t, lbl, f) once they are sorted.
  const perPerson = `SELECT ${byPerson ? 'person_id AS pid, ' : ''}arrayMap(x -> (x.1, x.3, x.4), arraySort(arrayZip(groupArray(t), groupArray(message_id), groupArray(lbl), groupArray(f)))) AS ev
    FROM (${labelled}) AS l1 GROUP BY person_id ${having}`;
  const sessions = `SELECT ${pid}arrayJoin(arraySplit((x, dt, i) -> i = 1 OR dt > ${gap}, ev, arrayDifference(arrayMap(x -> x.1, ev)), arrayEnumerate(ev))) AS s
    FROM (${perPerson}) AS l2`;
  // Per session: labels, step-start flags (label differs from the previous event's), step number per event.
  const stepped = `SELECT ${pid}s, lb, arrayMap((l, pl, i) -> i = 1 OR l <> pl, lb, arrayPushFront(arrayPopBack(lb), 0), arrayEnumerate(lb)) AS st, arrayCumSum(st) AS so
    FROM (SELECT ${pid}s, arrayMap(x -> x.2, s) AS lb FROM (${sessions}) AS l3) AS l3b`;
  const firstS = 'arrayFirstIndex(x -> bitAnd(x.3, 1) = 1, s)';
  // a: anchor step; [w0, w1]: the path's steps (1-based step numbers within the session).
  let win: string;
  if (mode === 'after') {
    win = `SELECT ${pid}lb, st, toInt64(so[si]) AS a, a AS w0, least(toInt64(so[-1]), a + ${depth}) AS w1 FROM (SELECT *, ${firstS} AS si FROM (${stepped}) AS l4) AS l4b WHERE si > 0`;
  } else if (mode === 'before') {
    win = `SELECT ${pid}lb, st, toInt64(so[ei]) AS a, greatest(1, a - ${depth}) AS w0, a AS w1 FROM (SELECT *, arrayFirstIndex(x -> bitAnd(x.3, 2) = 2, s) AS ei FROM (${stepped}) AS l4) AS l4b WHERE ei > 0`;
  } else {
    // The end is the first end event strictly after the first start event (it may share its step).
    win = `SELECT ${pid}lb, st, toInt64(so[si]) AS a, a AS w0, toInt64(so[ei]) AS w1 FROM (
        SELECT *, arrayFirstIndex((x, i) -> bitAnd(x.3, 2) = 2 AND i > si, s, arrayEnumerate(s)) AS ei FROM (SELECT *, ${firstS} AS si FROM (${stepped}) AS l4) AS l4b WHERE si > 0
      ) AS l4c WHERE ei > 0 AND w1 - a <= ${depth}`;
  }
  const lists = `SELECT ${pid}arraySlice(arrayFilter((l, x) -> x, lb, st), w0, w1 - w0 + 1) AS pl, w0, a FROM (${win}) AS l5`;
  const rows = `SELECT ${pid}arrayJoin(arrayZip(arrayMap(i -> toInt64(i) + w0 - a - 1, arrayEnumerate(pl)), pl, arrayPushBack(arrayMap(x -> toNullable(x), arraySlice(pl, 2)), NULL))) AS r
    FROM (${lists}) AS l5b`;
  return { steps: stepCountsSql(`SELECT ${pid}r.1 AS depth, r.2 AS label, r.3 AS next_label FROM (${rows}) AS l5c`, byPerson), lists };
}

/**
 * DuckDB: per person one list of structs, `list_sort`ed (by time, then message id), split at
 * session gaps by slicing and unnested to one row per session; then list lambdas find the
 * step starts (`sp`, indexes of label changes), the anchor event and its step, and emit the
 * path window straight from the step starts. Lambdas may capture lists here (DuckDB references
 * them, no copy), and every step is linear in the session's length.
 */
function duckdbPathsSql({ mode, depth, gap, labelled, having, byPerson }: PathsPlan): PathsSql {
  const pid = byPerson ? 'pid, ' : '';
  // The message id only orders ties: it leaves the structs once they are sorted.
  const perPerson = `SELECT ${byPerson ? 'person_id AS pid, ' : ''}list_transform(list_sort(list(struct_pack(t := t, m := message_id, l := lbl, f := f))), lambda x: struct_pack(t := x.t, l := x.l, f := x.f)) AS ev
    FROM (${labelled}) AS l1 GROUP BY person_id ${having}`;
  const sessions = `SELECT ${pid}unnest(list_transform(range(1, len(starts) + 1), lambda j: ev[starts[j] : coalesce(starts[j + 1] - 1, len(ev))])) AS s
    FROM (SELECT ${pid}ev, list_filter(range(1, len(ev) + 1), lambda i: i = 1 OR ev[i].t - ev[i - 1].t > ${gap}) AS starts FROM (${perPerson}) AS l2) AS l2b`;
  const stepped = `SELECT ${pid}s, list_filter(range(1, len(s) + 1), lambda i: i = 1 OR s[i].l <> s[i - 1].l) AS sp FROM (${sessions}) AS l3`;
  /** Index of the first event with the flag bit (after index `after`), NULL when none. */
  const first = (bit: number, after?: string) =>
    after ? `list_position(list_transform(s, lambda x, i: i > ${after} AND x.f & ${bit} <> 0), true)` : `list_position(list_transform(s, lambda x: x.f & ${bit} <> 0), true)`;
  /** The step number (1-based) of the event at index i: step starts up to i. */
  const stepAt = (i: string) => `len(list_filter(sp, lambda x: x <= ${i}))`;
  // a: anchor step; [w0, w1]: the path's steps (1-based step numbers within the session).
  let win: string;
  if (mode === 'after') {
    win = `SELECT *, a AS w0, least(len(sp), a + ${depth}) AS w1
      FROM (SELECT ${pid}s, sp, ${stepAt('si')} AS a FROM (SELECT ${pid}s, sp, ${first(1)} AS si FROM (${stepped}) AS l4) AS l4b WHERE si IS NOT NULL) AS l4c`;
  } else if (mode === 'before') {
    win = `SELECT *, greatest(1, a - ${depth}) AS w0, a AS w1
      FROM (SELECT ${pid}s, sp, ${stepAt('ei')} AS a FROM (SELECT ${pid}s, sp, ${first(2)} AS ei FROM (${stepped}) AS l4) AS l4b WHERE ei IS NOT NULL) AS l4c`;
  } else {
    // The end is the first end event strictly after the first start event (it may share its step).
    win = `SELECT ${pid}s, sp, a, a AS w0, w1 FROM (
        SELECT ${pid}s, sp, ${stepAt('si')} AS a, ${stepAt('ei')} AS w1 FROM (
          SELECT *, ${first(2, 'si')} AS ei FROM (SELECT ${pid}s, sp, ${first(1)} AS si FROM (${stepped}) AS l4) AS l4b WHERE si IS NOT NULL
        ) AS l4c WHERE ei IS NOT NULL
      ) AS l4d WHERE w1 - a <= ${depth}`;
  }
  const rows = `SELECT ${pid}unnest(list_transform(range(w0, w1 + 1), lambda k: struct_pack(d := k - a, l := s[sp[k]].l, n := CASE WHEN k < w1 THEN s[sp[k + 1]].l END))) AS r
    FROM (${win}) AS l5`;
  return {
    steps: stepCountsSql(`SELECT ${pid}r.d AS depth, r.l AS label, r.n AS next_label FROM (${rows}) AS l5c`, byPerson),
    lists: `SELECT ${pid}list_transform(range(w0, w1 + 1), lambda k: s[sp[k]].l) AS pl FROM (${win}) AS l5`,
  };
}
