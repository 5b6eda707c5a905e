import type { z } from 'zod';
import type { SqlSession } from '@trailmap/warehouse';

/** One analysis served at `POST /v1/analytics/<name>`: its definition schema and its runner. */
export interface AnalysisEndpoint<S extends z.ZodTypeAny = z.ZodTypeAny> {
  schema: S;
  run(db: SqlSession, definition: z.output<S>): Promise<unknown>;
}

/** A typed entry: the runner receives the parsed definition. */
export const analysis = <S extends z.ZodTypeAny>(schema: S, run: (db: SqlSession, d: z.output<S>) => Promise<unknown>): AnalysisEndpoint<S> => ({ schema, run });
/** The analyses the API serves, by name (each module adds its line). */
export const ANALYSES: Record<string, AnalysisEndpoint> = {
};
