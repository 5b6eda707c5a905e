import type { FastifyInstance } from 'fastify';
import type { PiiSummaryAnswer } from '@trailmap/core';
import type { EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { requireReadKey } from '../auth/require-key.js';

/** `GET /v1/privacy/pii`: the key paths PII was found at, per kind, with what the policy did (counts only, never values). */
export function piiRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys): void {
  app.get('/v1/privacy/pii', async (req): Promise<PiiSummaryAnswer> => {
    requireReadKey(req, keys); // scope: read
    return store.piiSummary();
  });
}
