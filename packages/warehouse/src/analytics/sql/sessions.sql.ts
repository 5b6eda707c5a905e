import type { Dialect } from '../../dialect/dialect.js';

/**
 * The session id of each event as `person_id#n` (see `sessionIds` in core): a window over the
 * person's events in (timestamp, message_id) order; a gap over `gapMs` starts a new session.
 * `source` is a table or subquery with person_id, timestamp and message_id; the result has all
 * its columns plus `session_id`. gapMs is a number from our own code or a validated definition.
 */
export function sessionizedSql(d: Dialect, source: string, gapMs: number): string {
  if (!Number.isInteger(gapMs) || gapMs <= 0) throw new Error(`session gap must be a positive whole number of ms, got ${gapMs}`);
  const over = 'PARTITION BY person_id ORDER BY timestamp, message_id';
  const ms = d.epochMs('timestamp');
  return `SELECT sx.*, concat(person_id, '#', CAST(sum(new_session) OVER (${over} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS TEXT)) AS session_id
  FROM (SELECT s0.*, CASE WHEN ${d.lag(ms, over)} IS NULL OR ${ms} - ${d.lag(ms, over)} > ${gapMs} THEN 1 ELSE 0 END AS new_session FROM ${source} AS s0) AS sx`;
}
