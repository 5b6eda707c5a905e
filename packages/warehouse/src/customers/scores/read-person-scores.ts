import { isSkipped, personScoresFromRows, type PersonScores, type ScoreName, type ScoreRunSummary } from '@trailmap/core';
import type { SqlSession } from '../../warehouse.js';

const parse = (v: unknown): unknown => (typeof v === 'string' ? (v === '' ? null : JSON.parse(v)) : (v ?? null));

/**
 * The instant (ms) of the latest complete scoring run, null when none. ORDER BY … LIMIT 1, not
 * max(): on ClickHouse max() over an empty table gives 1970, not NULL.
 */
export async function latestScoreRunAt(db: SqlSession): Promise<number | null> {
  const [row] = await db.query<{ ms: unknown }>(`SELECT CAST(${db.dialect.epochMs('scored_at')} AS BIGINT) AS ms FROM person_score_runs ORDER BY scored_at DESC LIMIT 1`);
  return row === undefined ? null : Number(row.ms);
}

/** The latest complete scoring run's summary, null when no run has completed. */
export async function latestScoreRun(db: SqlSession): Promise<ScoreRunSummary | null> {
  const [row] = await db.query<{ summary: unknown }>(`SELECT summary FROM person_score_runs ORDER BY scored_at DESC LIMIT 1`);
  return row === undefined ? null : (parse(row.summary) as ScoreRunSummary);
}

/** One person's scores from the latest complete run (the profile's `scores`); null when no run scored them. */
export async function personScores(db: SqlSession, personId: string): Promise<PersonScores | null> {
  const run = await latestScoreRun(db);
  if (!run) return null;
  const d = db.dialect;
  const at = Date.parse(run.scoredAt);
  const rows = await db.query<{ score: string; num: unknown; text: unknown; detail: unknown }>(
    `SELECT score, num, text, detail FROM person_scores WHERE scored_at = ${d.fromEpochMs(d.param(0, at))} AND person_id = ${d.param(1, personId)}`,
    [at, personId],
  );
  const clv = isSkipped(run.clv) ? { horizon: run.options.horizon, unit: run.options.unit } : { horizon: run.clv.horizon, unit: run.clv.unit };
  return personScoresFromRows(
    run.scoredAt,
    rows.map((r) => ({ score: r.score as ScoreName, num: r.num === null || r.num === undefined ? null : Number(r.num), text: r.text === null || r.text === undefined ? null : String(r.text), detail: parse(r.detail) })),
    clv,
  );
}
