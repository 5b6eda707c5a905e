import type { z } from 'zod';
import { answerRanged, funnelChange, journeyMapChange, metricsChange, RANGED_ANALYSES, type RangedAnalysis, type RangedDefinitions } from '@trailmap/core';
import { runLifecycle, runMetrics, runRetention, runStickiness } from '@trailmap/warehouse';
import { defaultSentimentScorer } from '@trailmap/core';
import { runExperience, runJourneyMap, type SqlSession } from '@trailmap/warehouse';
import { runPaths } from '@trailmap/warehouse';
import { runFunnel } from '@trailmap/warehouse';
import { attributionRequestSchema, interventionsRequestSchema, keyTouchpointsRequestSchema, twinSimulateRequestSchema, twinStatesRequestSchema } from '@trailmap/warehouse';
import { rangedAnalysis } from '@trailmap/core';

/** One analysis served at `POST /v1/analytics/<name>`: the definition it takes (written range, `compare`) and its runner. */
export interface AnalysisEndpoint {
  /** The body schema (for the API document). */
  schema: z.ZodType;
  ranged: RangedAnalysis<any, any>;
  /** The answer: the result with the absolute `range` it used (and the previous period's, when compared). */
  run(db: SqlSession, ranged: RangedDefinitions<any>): Promise<unknown>;
}

/** A typed entry: the runner receives the resolved definition; `compare` computes the change when the analysis offers it. */
export const analysis = <D, R extends object, C>(ranged: RangedAnalysis<D, any>, run: (db: SqlSession, d: D) => Promise<R>, compare?: (current: R, previous: R) => C): AnalysisEndpoint => ({
  schema: ranged.request,
  ranged,
  run: (db, r) => answerRanged(r as RangedDefinitions<D>, (d) => run(db, d), compare),
});
/** The analyses the API serves, by name (each module adds its line). */
export const ANALYSES: Record<string, AnalysisEndpoint> = {
  'journey-map': analysis(RANGED_ANALYSES.journeyMap, (db, d) => runJourneyMap(db, d, defaultSentimentScorer), journeyMapChange),
  experience: analysis(RANGED_ANALYSES.experience, (db, d) => runExperience(db, d, defaultSentimentScorer)),
  retention: analysis(RANGED_ANALYSES.retention, runRetention),
  lifecycle: analysis(RANGED_ANALYSES.lifecycle, runLifecycle),
  stickiness: analysis(RANGED_ANALYSES.stickiness, runStickiness),
  metrics: analysis(RANGED_ANALYSES.metrics, runMetrics, metricsChange),
  paths: analysis(RANGED_ANALYSES.paths, runPaths),
  funnel: analysis(RANGED_ANALYSES.funnel, runFunnel, funnelChange),
};

/** The decide routes' requests with a written range (resolved in the project time zone; no compare). */
export const RANGED_DECIDE = {
  attribution: rangedAnalysis(attributionRequestSchema, 'range', { compare: false }),
  touchpointScore: rangedAnalysis(keyTouchpointsRequestSchema, 'range', { compare: false }),
  interventions: rangedAnalysis(interventionsRequestSchema, 'range', { compare: false }),
  twinSimulate: rangedAnalysis(twinSimulateRequestSchema, 'range', { compare: false }),
  twinStates: rangedAnalysis(twinStatesRequestSchema, 'range', { compare: false }),
};
