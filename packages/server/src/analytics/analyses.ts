import type { z } from 'zod';
import { lifecycleSchema, metricsSchema, retentionSchema, stickinessSchema } from '@trailmap/core';
import { runLifecycle, runMetrics, runRetention, runStickiness } from '@trailmap/warehouse';
import { defaultSentimentScorer, experienceDefinitionSchema, journeyMapDefinitionSchema } from '@trailmap/core';
import { runExperience, runJourneyMap, type SqlSession } from '@trailmap/warehouse';
import { pathsSchema } from '@trailmap/core';
import { runPaths } from '@trailmap/warehouse';
import { funnelSchema } from '@trailmap/core';
import { runFunnel } from '@trailmap/warehouse';

/** One analysis served at `POST /v1/analytics/<name>`: its definition schema and its runner. */
export interface AnalysisEndpoint<S extends z.ZodTypeAny = z.ZodTypeAny> {
  schema: S;
  run(db: SqlSession, definition: z.output<S>): Promise<unknown>;
}

/** A typed entry: the runner receives the parsed definition. */
export const analysis = <S extends z.ZodTypeAny>(schema: S, run: (db: SqlSession, d: z.output<S>) => Promise<unknown>): AnalysisEndpoint<S> => ({ schema, run });
/** The analyses the API serves, by name (each module adds its line). */
export const ANALYSES: Record<string, AnalysisEndpoint> = {
  'journey-map': analysis(journeyMapDefinitionSchema, (db, d) => runJourneyMap(db, d, defaultSentimentScorer)),
  experience: analysis(experienceDefinitionSchema, (db, d) => runExperience(db, d, defaultSentimentScorer)),
  retention: analysis(retentionSchema, runRetention),
  lifecycle: analysis(lifecycleSchema, runLifecycle),
  stickiness: analysis(stickinessSchema, runStickiness),
  metrics: analysis(metricsSchema, runMetrics),
  paths: analysis(pathsSchema, runPaths),
  funnel: analysis(funnelSchema, runFunnel),
};
