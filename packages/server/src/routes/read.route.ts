import type { FastifyInstance } from 'fastify';
import type { EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { requireReadKey } from '../auth/require-key.js';
import { ApiError } from '../http/api-error.js';

/** Read endpoints (read key): profiles and the touchpoint catalogue. */
export function readRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys): void {
  app.get<{ Params: { id: string } }>('/v1/profiles/:id', async (req) => {
    requireReadKey(req, keys);
    const profile = await store.profile(req.params.id);
    if (!profile) throw new ApiError(404, 'not_found', `no person has the id ${JSON.stringify(req.params.id)}`);
    return profile;
  });

  app.get('/v1/touchpoints', async (req) => {
    requireReadKey(req, keys);
    return { touchpoints: await store.touchpoints() };
  });
}
