import type { RetentionAnswer, RetentionRunResult } from '@trailmap/core';
import type { FastifyInstance } from 'fastify';
import type { ApiKeys } from '../auth/keys.js';
import { actorOf } from '../audit/auditor.js';
import type { RetentionRunner } from '../retention/retention-runner.js';

/** The retention rules (trailmap.config.json `retention`), their last run, and a run on demand (docs/privacy.md#retention). */
export function retentionRoutes(app: FastifyInstance, keys: ApiKeys, runner: RetentionRunner): void {
  app.get('/v1/privacy/retention', async (req): Promise<RetentionAnswer> => {
    return runner.describe();
  });
  app.post('/v1/privacy/retention/run', async (req): Promise<RetentionRunResult> => {
    return runner.run(actorOf(req), req.ip);
  });
}
