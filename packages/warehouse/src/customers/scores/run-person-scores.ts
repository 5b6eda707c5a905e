import {
  churnFromRows,
  clvFromInput,
  NotEnoughDataError,
  personaKey,
  personasFromRaw,
  personScoreRows,
  scoredPeople,
  scoreRunDefinitions,
  scoreRunOptionsSchema,
  type ChurnDefinition,
  type ChurnFeatureRow,
  type ChurnLabelledRow,
  type ChurnResult,
  type ClvDefinition,
  type ClvFitInput,
  type ClvResult,
  type PersonaDefinition,
  type PersonaRaw,
  type PersonaResult,
  type PersonaSegmentsOutcome,
  type PersonScoreRow,
  type ScoreModelOutputs,
  type ScoreRunInput,
  type ScoreRunPersona,
  type ScoreRunSummary,
} from '@trailmap/core';
import type { TempColumn } from '../../engine/store-steps.js';
import type { AppendColumn, Warehouse } from '../../warehouse.js';
import { runRfm } from '../rfm.sql.js';
import { clvInputFromWarehouse } from '../clv.sql.js';
import { personaRawFromWarehouse } from '../persona-features.sql.js';
import { churnInputFromWarehouse } from '../churn-features.sql.js';
import { latestScoreRunAt } from './read-person-scores.js';

/**
 * The CPU-bound model fits of a run. The CLI fits in-process (the default); the server passes
 * its compute pool's workers, so the event loop stays free while a million people are fitted.
 */
export interface ScoreFitters {
  personas(raw: PersonaRaw[], def: PersonaDefinition): Promise<PersonaResult>;
  clv(input: ClvFitInput, def: ClvDefinition): Promise<ClvResult>;
  churn(rows: { train: ChurnLabelledRow[]; test: ChurnLabelledRow[]; today: ChurnFeatureRow[] }, def: ChurnDefinition, days: { asOf: number; test: number; train: number }): Promise<ChurnResult>;
}

export const inProcessFitters: ScoreFitters = {
  personas: async (raw, def) => personasFromRaw(raw, def),
  clv: async (input, def) => clvFromInput(input, def, { people: true }),
  churn: async (rows, def, days) => churnFromRows(rows, def, days),
};

export interface RunPersonScoresHooks {
  fit?: ScoreFitters;
  /**
   * Called once every row is written and before the run is recorded (so it is in the stored
   * summary): save the persona segments of the run's clusters (none when personas were skipped).
   */
  personaSegments?: (personas: ScoreRunPersona[]) => Promise<PersonaSegmentsOutcome>;
  /**
   * Besides NotEnoughDataError, which errors of a model fit skip that model (the reason to record)
   * rather than fail the run — the server's compute budget, so one model too slow for the budget
   * leaves the others' scores stored. null: the error fails the run.
   */
  skipReason?: (e: unknown) => string | null;
}

/** Rows per bulk append: bounded memory on both engines whatever the number of people. */
const CHUNK = 100_000;
const WORK_TABLE = '_person_scores_in';
const WORK_COLUMNS: readonly TempColumn[] = ['person_id', 'score', 'num', 'text', 'detail'].map((name) => ({ name, kind: 'text' as const }));
const APPEND_COLUMNS: readonly AppendColumn[] = WORK_COLUMNS.map((c) => ({ name: c.name, kind: 'text' }));

/** A model that cannot run on this data is skipped with its reason; any other error fails the run. */
async function orSkip<T>(fn: () => Promise<T>, skipReason: (e: unknown) => string | null = () => null): Promise<T | { skipped: string }> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof NotEnoughDataError) return { skipped: e.message };
    const reason = skipReason(e);
    if (reason !== null) return { skipped: reason };
    throw e;
  }
}
const skipped = (x: object): x is { skipped: string } => 'skipped' in x;

/**
 * A scoring run: RFM, personas, CLV and churn on the warehouse (as runRfm / runPersonas / runClv /
 * runChurn compute them), every person's scores written to `person_scores` under one scored_at
 * (nowMs) by bulk appends, then the run's row in `person_score_runs`, then the older runs' rows
 * deleted. Readers take the latest run in person_score_runs, so they see a complete run only: a
 * run stopped before its run row leaves the previous one visible (its rows are deleted by the
 * next run). A model that cannot run on the data (NotEnoughDataError, no customers, no clusters)
 * is skipped and says why.
 */
export async function runPersonScores(db: Warehouse, input: ScoreRunInput, nowMs: number, hooks: RunPersonScoresHooks = {}): Promise<ScoreRunSummary> {
  const options = scoreRunOptionsSchema.parse(input);
  const defs = scoreRunDefinitions(options);
  const fit = hooks.fit ?? inProcessFitters;
  // One instant per run, later than every stored run (two runs in one millisecond stay apart).
  const latest = await latestScoreRunAt(db);
  const at = latest !== null && latest >= nowMs ? latest + 1 : nowMs;

  const rfm = await runRfm(db, defs.rfm, { people: true });
  const personas = await orSkip(async () => fit.personas(await personaRawFromWarehouse(db, defs.personas), defs.personas), hooks.skipReason);
  const clv = await orSkip(async () => {
    const input = await clvInputFromWarehouse(db, defs.clv);
    if (input.people.length === 0) throw new NotEnoughDataError(`no ${JSON.stringify(defs.clv.purchase)} events: no customer to fit CLV on`);
    return fit.clv(input, defs.clv);
  }, hooks.skipReason);
  const churn = await orSkip(async () => {
    const i = await churnInputFromWarehouse(db, defs.churn);
    return fit.churn(i.rows, defs.churn, i.days);
  }, hooks.skipReason);

  const clustered = !skipped(personas) && personas.k !== null && personas.clusters.length > 0 ? personas : null;
  const outputs: ScoreModelOutputs = {
    rfm: rfm.customers > 0 ? (rfm.people ?? []) : null,
    personas: clustered,
    clv: skipped(clv) ? null : (clv.people ?? []),
    churn: skipped(churn) ? null : churn.people,
  };
  const clusters: ScoreRunPersona[] = clustered
    ? clustered.clusters.map((c) => ({ key: personaKey(c.cluster), cluster: c.cluster, name: { en: c.name.en, zh: c.name.zh }, description: { en: c.description.en, zh: c.description.zh }, size: c.size }))
    : [];

  await writeRows(db, at, personScoreRows(outputs));
  const personaSegments = clustered && hooks.personaSegments ? await hooks.personaSegments(clusters) : undefined;

  const summary: ScoreRunSummary = {
    scoredAt: new Date(at).toISOString(),
    completedAt: new Date(Math.max(at, Date.now())).toISOString(),
    people: scoredPeople(outputs),
    options,
    rfm: rfm.customers > 0 ? { people: rfm.customers, asOf: rfm.asOf } : { skipped: `no ${JSON.stringify(options.purchase)} events: no customer to score` },
    personas: skipped(personas) ? personas : clustered ? { k: clustered.clusters.length, asOf: clustered.asOf, clusters } : { skipped: personas.note ?? 'no clustering was possible' },
    clv: skipped(clv) ? clv : { customers: clv.customers, repeaters: clv.repeaters, horizon: clv.horizon, unit: clv.unit, asOf: clv.asOf },
    churn: skipped(churn) ? churn : { scored: churn.scored, auc: churn.validation.auc, baselineAuc: churn.validation.baselineAuc, asOf: churn.asOf },
    ...(personaSegments ? { personaSegments } : {}),
  };
  await recordRun(db, at, summary);
  return summary;
}

/** The run's rows, appended chunk by chunk through a text work table and cast into person_scores. */
async function writeRows(db: Warehouse, at: number, rows: Iterable<PersonScoreRow>): Promise<void> {
  const d = db.dialect;
  // Left by a run stopped at this same instant: gone first, so nothing is written twice.
  await db.exec(`DELETE FROM person_scores WHERE scored_at = ${d.fromEpochMs(d.param(0, at))}`, [at]);
  const flush = async (chunk: Array<Array<string | null>>) =>
    db.onWriter(async (s) => {
      await s.steps.replaceTemp(s, WORK_TABLE, WORK_COLUMNS);
      await s.append(`temp.${WORK_TABLE}`, APPEND_COLUMNS, chunk);
      await s.exec(
        `INSERT INTO person_scores (scored_at, person_id, score, num, text, detail)
         SELECT ${d.fromEpochMs(d.param(0, at))}, person_id, score, ${d.toDouble('num')}, text, detail FROM ${WORK_TABLE}`,
        [at],
      );
      await s.steps.dropTemp(s, WORK_TABLE);
    });
  let chunk: Array<Array<string | null>> = [];
  for (const r of rows) {
    chunk.push([r.personId, r.score, r.num === null ? null : String(r.num), r.text, r.detail === null || r.detail === undefined ? null : JSON.stringify(r.detail)]);
    if (chunk.length >= CHUNK) {
      await flush(chunk);
      chunk = [];
    }
  }
  if (chunk.length) await flush(chunk);
}

/** The run row (readers now see this run), then every older run's rows and run rows deleted. */
async function recordRun(db: Warehouse, at: number, summary: ScoreRunSummary): Promise<void> {
  const d = db.dialect;
  const completed = Date.parse(summary.completedAt);
  await db.exec(
    `INSERT INTO person_score_runs (scored_at, completed_at, people, summary) VALUES (${d.fromEpochMs(d.param(0, at))}, ${d.fromEpochMs(d.param(1, completed))}, ${d.param(2, summary.people)}, ${d.param(3, '')})`,
    [at, completed, summary.people, JSON.stringify(summary)],
  );
  await db.exec(`DELETE FROM person_scores WHERE scored_at < ${d.fromEpochMs(d.param(0, at))}`, [at]);
  await db.exec(`DELETE FROM person_score_runs WHERE scored_at < ${d.fromEpochMs(d.param(0, at))}`, [at]);
}
