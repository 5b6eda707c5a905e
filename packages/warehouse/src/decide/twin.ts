import { z } from 'zod';
import {
  conversionPathsSchema,
  fitTwin,
  computeTwinSimulation,
  twinFitOptionsSchema,
  twinInterventionsSchema,
  twinSimulateOptionsSchema,
  type TwinJourney,
  type TwinModel,
  type TwinSimulationComputed,
} from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { runConversionPaths } from '../analytics/conversion-paths/index.js';
import { Params } from '../dialect/dialect.js';
import { TwinRequestError } from './decide-error.js';

/**
 * The journeys the twin is fitted on: the conversion-paths definition (conversion, lookback,
 * label, range, segment), what splits segments — the person's latest `segmentTrait` (default
 * persona), or with `segmentScore` a text score of the latest scoring run (`persona`: the
 * clustering's persona-N, `rfmGroup`) — and fit options.
 */
export const twinDataSchema = conversionPathsSchema.extend({
  by: z.enum(['touchpoint', 'event', 'channel']).default('event'),
  segmentTrait: z.string().min(1).max(200).default('persona'),
  segmentScore: z.enum(['persona', 'rfmGroup']).optional(),
  fit: twinFitOptionsSchema.default({ stateKey: 'label', minCount: 10, prior: 0, collapseRepeats: false }),
});
export type TwinData = z.output<typeof twinDataSchema>;

export const twinSimulateRequestSchema = twinDataSchema
  .extend({
    interventions: twinInterventionsSchema.min(1),
    options: twinSimulateOptionsSchema.default({ seed: 1, draws: 400, level: 0.95, purchasesPerConverter: 1 }),
  })
  .strict();
export type TwinSimulateRequest = z.output<typeof twinSimulateRequestSchema>;

/** Each label's most common stage (for `label@stage` states) and each person's segment (latest trait value, or stored score). */
async function labelStagesAndSegments(db: SqlSession, def: TwinData): Promise<{ stageOf: Map<string, string>; segmentOf: Map<string, string> }> {
  const d = db.dialect;
  const label = def.by === 'event' ? 'coalesce(event, name, type)' : def.by;
  const stages = await db.query<{ label: string; stage: string }>(
    `SELECT label, ${d.argMax('stage', 'n')} AS stage FROM (SELECT ${label} AS label, stage, count(*) AS n FROM ${d.events} AS events GROUP BY 1, 2) AS s GROUP BY label`,
  );
  const stageOf = new Map(stages.map((r) => [r.label, r.stage]));
  if (def.segmentScore !== undefined) {
    // The latest complete run only (person_score_runs is written once all its rows are in).
    const q = new Params(d);
    const rows = await db.query<{ person_id: string; segment: string }>(
      `SELECT person_id, text AS segment FROM person_scores WHERE score = ${q.add(def.segmentScore)} AND text IS NOT NULL AND scored_at IN (SELECT scored_at FROM person_score_runs ORDER BY scored_at DESC LIMIT 1)`,
      q.values,
    );
    return { stageOf, segmentOf: new Map(rows.map((r) => [r.person_id, r.segment])) };
  }
  const p = new Params(d);
  const trait = d.jsonKey('traits', def.segmentTrait, p);
  const ord = `concat(CAST(${d.epochMs('timestamp')} + 100000000000000 AS TEXT), message_id)`;
  // The result is not named `v`: ClickHouse would read `v` in WHERE as the aggregate.
  const segs = await db.query<{ person_id: string; segment: string }>(
    `SELECT person_id, ${d.argMax('v', 'o')} AS segment FROM (SELECT person_id, ${trait} AS v, ${ord} AS o FROM events WHERE type = 'identify') AS t WHERE v IS NOT NULL GROUP BY person_id`,
    p.values,
  );
  return { stageOf, segmentOf: new Map(segs.map((r) => [r.person_id, r.segment])) };
}

/** Conversion paths from the store as twin journeys: states with their stage, the person's segment. */
export async function twinJourneys(db: SqlSession, def: TwinData): Promise<TwinJourney[]> {
  const { segmentTrait: _t, segmentScore: _s, fit: _f, ...paths } = def;
  const [{ journeys }, { stageOf, segmentOf }] = [await runConversionPaths(db, conversionPathsSchema.parse(paths)), await labelStagesAndSegments(db, def)];
  return journeys.map((j) => ({
    states: j.touches.map((t) => ({ label: t.label === '' ? '(none)' : t.label, stage: stageOf.get(t.label) ?? 'unknown', timestamp: t.timestamp })),
    converted: j.converted,
    value: j.value,
    segment: segmentOf.get(j.personId) ?? null,
    convertedAt: j.conversionAt,
  }));
}

export async function fitStoreTwin(db: SqlSession, def: TwinData): Promise<TwinModel> {
  return fitTwin(await twinJourneys(db, def), def.fit);
}

export { TwinRequestError };

/** The data half of a simulation: the journeys the twin is fitted on. */
export async function fetchTwinSimulationData(db: SqlSession, req: TwinSimulateRequest): Promise<{ journeys: TwinJourney[] }> {
  const { interventions: _i, options: _o, ...data } = req;
  return { journeys: await twinJourneys(db, data) };
}

/** The event names of the request's conversion: as a transition's `to` they mean `(conversion)`. */
export function twinConversionEvents(def: Pick<TwinData, 'conversion'>): string[] {
  const e = def.conversion.event;
  return e === undefined ? [] : Array.isArray(e) ? [...e] : [e];
}

/** `POST /v1/twin/states`: the journeys the twin would be fitted on (the same data as a simulation). */
export const twinStatesRequestSchema = twinDataSchema.strict();
export type TwinStatesRequest = z.output<typeof twinStatesRequestSchema>;

/** Fit the twin on the store's journeys and simulate the interventions against the baseline, in this thread. */
export async function runTwinSimulation(db: SqlSession, req: TwinSimulateRequest): Promise<TwinSimulationComputed> {
  const { journeys } = await fetchTwinSimulationData(db, req);
  const r = computeTwinSimulation(journeys, req.fit, req.interventions, req.options, twinConversionEvents(req));
  if (!r.ok) throw new TwinRequestError(r.error);
  return r.value;
}
