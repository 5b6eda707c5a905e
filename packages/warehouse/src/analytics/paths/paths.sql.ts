import { PATH_EVENT_TYPES, pathsMode, SESSION_GAP_MS, type PathsDefinition } from '@trailmap/core';
import type { Params } from '../../dialect/dialect.js';
import { EVENT_LABEL_SQL, eventMatchSql, timeRangeSql } from '../sql/event-match.sql.js';
import { personFilterSql } from '../sql/person-filter.sql.js';

const flag = (cond: string) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;

/** The node label expression: touchpoint or event label, through the cleaning rules (all bound). */
export function pathLabelSql(def: Pick<PathsDefinition, 'by' | 'cleaning'>, p: Params): string {
  let label = def.by === 'event' ? EVENT_LABEL_SQL : 'touchpoint';
  for (const r of def.cleaning) {
    // Without a backslash (the schema refuses it) the replacement is literal on both engines.
    if (r.label.includes('\\')) throw new Error('a cleaning label cannot contain a backslash');
    label = p.dialect.regexReplaceAll(label, p.add(r.regex), p.add(r.label));
  }
  return label;
}

/**
 * One query giving the step counts of `pathStepCounts` (core): rows of (depth, label,
 * next_label, paths). Events are pre-filtered (action types, range, segment, exclusions) and labelled once;
 * then one window pass over each person's events (lag/lead of time and label) finds session
 * starts, run starts (a label change) and run ends; a second pass (same ordering) numbers
 * sessions and steps with running sums. Sessions are the 30-minute sessions of `sessionIds`,
 * computed inline rather than with `sessionizedSql` so that sessions and steps share one sort.
 * A third pass per session finds the anchor step (first start / first end); each step is
 * represented by its run's last event, which also knows the next step's label (its lead).
 */
export function pathStepCountsSql(def: PathsDefinition, p: Params): string {
  const d = p.dialect;
  const mode = pathsMode(def);
  const depth = def.depth;
  if (!Number.isInteger(depth) || depth < 1 || depth > 10) throw new Error(`paths depth must be a whole number in 1..10, got ${depth}`);
  const gap = SESSION_GAP_MS;

  const label = pathLabelSql(def, p);
  const isS = mode === 'before' ? '0' : flag(eventMatchSql(def.start ?? {}, p));
  const isE = mode === 'after' ? '0' : flag(eventMatchSql(def.end!, p));
  const where = [`type IN (${PATH_EVENT_TYPES.map((t) => p.add(t)).join(', ')})`, timeRangeSql(def.range, p)];
  const seg = personFilterSql(def.segment, p);
  if (seg) where.push(`person_id IN ${seg}`);
  const excluded = def.exclude.length ? `WHERE lbl NOT IN (${def.exclude.map((x) => p.add(x)).join(', ')})` : '';

  const byPerson = 'PARTITION BY person_id ORDER BY t, message_id';
  const running = 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';
  const labelled = `SELECT * FROM (SELECT person_id, message_id, ${d.epochMs('timestamp')} AS t, ${label} AS lbl, ${isS} AS is_s, ${isE} AS is_e
    FROM events WHERE ${where.join(' AND ')}) AS l0 ${excluded}`;
  const neighbours = `SELECT l1.*, ${d.lag('t', byPerson)} AS pt, ${d.lag('lbl', byPerson)} AS pl, ${d.lead('t', byPerson)} AS nt, ${d.lead('lbl', byPerson)} AS nl
    FROM (${labelled}) AS l1`;
  const steps = `SELECT person_id, message_id, t, lbl, is_s, is_e,
      ${flag(`nt IS NULL OR nt - t > ${gap} OR nl <> lbl`)} AS tail,
      CASE WHEN nt IS NOT NULL AND nt - t <= ${gap} THEN nl END AS nxt,
      CAST(sum(${flag(`pt IS NULL OR t - pt > ${gap}`)}) OVER (${byPerson} ${running}) AS BIGINT) AS sess,
      CAST(sum(${flag(`pt IS NULL OR t - pt > ${gap} OR pl <> lbl`)}) OVER (${byPerson} ${running}) AS BIGINT) AS step
    FROM (${neighbours}) AS l2`;

  const bySession = 'PARTITION BY person_id, sess';
  const firstStep = (cond: string) => `min(CASE WHEN ${cond} THEN step END) OVER (${bySession})`;
  let anchored: string;
  let keep: string;
  let anchor: string;
  let last: string;
  if (mode === 'after') {
    anchored = `SELECT l3.*, ${firstStep('is_s = 1')} AS a_step FROM (${steps}) AS l3`;
    [anchor, last] = ['a_step', `a_step + ${depth}`];
    keep = `a_step IS NOT NULL AND step >= a_step AND step <= a_step + ${depth}`;
  } else if (mode === 'before') {
    anchored = `SELECT l3.*, ${firstStep('is_e = 1')} AS e_step FROM (${steps}) AS l3`;
    [anchor, last] = ['e_step', 'e_step'];
    keep = `e_step IS NOT NULL AND step <= e_step AND step >= e_step - ${depth}`;
  } else {
    // The end is the first end event after the first start event (s_before: a start came earlier).
    const withStart = `SELECT l3.*, ${firstStep('is_s = 1')} AS a_step,
        max(is_s) OVER (${bySession} ORDER BY t, message_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS s_before
      FROM (${steps}) AS l3`;
    anchored = `SELECT l4.*, ${firstStep('is_e = 1 AND s_before = 1')} AS e_step FROM (${withStart}) AS l4`;
    [anchor, last] = ['a_step', 'e_step'];
    keep = `a_step IS NOT NULL AND e_step IS NOT NULL AND e_step - a_step <= ${depth} AND step >= a_step AND step <= e_step`;
  }
  return `SELECT rel AS depth, lbl AS label, nxt_step AS next_label, count(*) AS paths
  FROM (SELECT CAST(step - ${anchor} AS BIGINT) AS rel, lbl, CASE WHEN step < ${last} THEN nxt END AS nxt_step
    FROM (${anchored}) AS l5 WHERE tail = 1 AND ${keep}) AS l6
  GROUP BY rel, lbl, nxt_step`;
}
