import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { rfmDefinitionSchema } from '@trailmap/core';
import { runRfm, type EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { requireReadKey } from '../auth/require-key.js';
import { invalidDefinition } from '../http/zod-error.js';
import { runCached } from '../http/validated-post.js';
import type { ResultCache } from '../http/result-cache.js';

/** `POST /v1/customers/rfm`: the RFM definition, and whether to list every customer's scores. */
export const rfmRequestSchema = rfmDefinitionSchema.extend({ people: z.boolean().default(false) }).strict();

/** Customer models over the warehouse (read key). RFM is one grouped query and a sort: cheap enough to answer on the request thread. */
export function customersRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys, cache?: ResultCache): void {
  app.post('/v1/customers/rfm', async (req) => {
    requireReadKey(req, keys);
    const parsed = rfmRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'rfm definition');
    const { people, ...def } = parsed.data;
    return runCached(store, '/v1/customers/rfm', parsed.data, (db) => runRfm(db, def, { people }), cache && { cache });
  });
}
