import type { FastifyInstance } from 'fastify';
import { scoreRunOptionsSchema } from '@trailmap/core';
import type { ApiKeys } from '../auth/keys.js';
import { invalidDefinition } from '../http/zod-error.js';
import type { ScoreRunner } from '../scores/score-runner.js';

/** `POST /v1/customers/scores`: the scoring run's options (purchase, value, horizon, unit, discount, windowDays, k). */
export const scoresRequestSchema = scoreRunOptionsSchema;

/**
 * The scoring run (read key, as the models it runs): `POST /v1/customers/scores` runs one now and
 * answers its summary (after any run under way); `GET` answers the latest complete run's summary,
 * `{ run: null }` before the first.
 */
export function scoresRoutes(app: FastifyInstance, keys: ApiKeys, runner: ScoreRunner): void {
  app.post('/v1/customers/scores', async (req) => {
    const parsed = scoresRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'scores options');
    return runner.run(parsed.data);
  });
  app.get('/v1/customers/scores', async (req) => {
    return { run: await runner.latest() };
  });
}
