import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PersonalizeAnswer } from '@trailmap/core';
import type { EventStore } from '@trailmap/warehouse';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';
import { personalize, UnknownPlacementError, type PersonalizeOptions } from '../personalize/personalize-service.js';

export const personalizeParams = z.object({ personId: z.string().min(1).max(500) }).strict();
export const personalizeQuery = z
  .object({
    placement: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();

/**
 * `GET /v1/personalize/:personId?placement=&limit=` (docs/personalize.md): ranked items, offers or
 * content with the reason for each, gated by the person's personalisation consent. The model is
 * fitted once per data version, so a request is a lookup and a ranking.
 */
export function personalizeRoutes(app: FastifyInstance, store: EventStore, opts: PersonalizeOptions): void {
  app.get('/v1/personalize/:personId', async (req): Promise<PersonalizeAnswer> => {
    const params = personalizeParams.safeParse(req.params);
    if (!params.success) throw invalidDefinition(params.error, 'path');
    const query = personalizeQuery.safeParse(req.query ?? {});
    if (!query.success) throw invalidDefinition(query.error, 'query');
    const { personId } = params.data;
    try {
      const answer = await personalize(store, personId, query.data.placement, { ...opts, ...(query.data.limit !== undefined ? { limit: query.data.limit } : {}) });
      if (answer === null) throw new ApiError(404, 'not_found', `no person has the id ${JSON.stringify(personId)}`, 'personId');
      return answer;
    } catch (e) {
      if (e instanceof UnknownPlacementError) throw new ApiError(400, 'invalid_definition', `invalid query: placement: ${e.message}`, 'placement');
      throw e;
    }
  });
}
