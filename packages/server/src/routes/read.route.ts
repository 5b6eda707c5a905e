import type { FastifyInstance } from 'fastify';
import { RuleError, type EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { requireReadKey } from '../auth/require-key.js';
import { ApiError } from '../http/api-error.js';
import { z } from 'zod';
import { touchpointRuleSchema } from '@trailmap/core';
import { invalidDefinition } from '../http/zod-error.js';

export const rulesBody = z.object({ rules: z.array(touchpointRuleSchema).max(500) }).strict();
export const peopleQuery = z.object({ q: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(25) }).strict();
export const quarantineQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
    source: z.string().max(200).optional(),
    file: z.string().max(1000).optional(),
  })
  .strict();

/** Read endpoints (read key): profiles, people search, quarantine, sources, the touchpoint catalogue. */
export function readRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys): void {
  app.get<{ Params: { id: string } }>('/v1/profiles/:id', async (req) => {
    requireReadKey(req, keys);
    const profile = await store.profile(req.params.id);
    if (!profile) throw new ApiError(404, 'not_found', `no person has the id ${JSON.stringify(req.params.id)}`);
    return profile;
  });

  app.get('/v1/people', async (req) => {
    requireReadKey(req, keys);
    const q = peopleQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'people query');
    return store.people(q.data.q, q.data.limit);
  });

  app.get('/v1/quarantine', async (req) => {
    requireReadKey(req, keys);
    const q = quarantineQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'quarantine query');
    return store.quarantine(q.data);
  });

  /** Which sources have sent data: events, people and quarantined records per source (`http`, `demo`, `file:<name>`). */
  app.get('/v1/sources', async (req) => {
    requireReadKey(req, keys);
    return store.sources();
  });

  /** The catalogue's rules by origin (edited here, config file, defaults), in the order they apply. */
  app.get('/v1/touchpoints/rules', async (req) => {
    requireReadKey(req, keys);
    return store.catalogueRules();
  });

  /**
   * Replace the rules edited in the app; every stored event is re-classified. The read key (the
   * analyst's) may do this: it changes how events are mapped, never the events themselves.
   */
  app.put('/v1/touchpoints/rules', async (req) => {
    requireReadKey(req, keys);
    const body = rulesBody.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'catalogue rules');
    let saved;
    try {
      saved = await store.saveCatalogueRules(body.data.rules);
    } catch (e) {
      if (e instanceof RuleError) throw new ApiError(400, 'invalid_definition', e.message, e.field);
      throw e;
    }
    return { ...saved, ...(await store.catalogueRules()) };
  });

  app.get('/v1/touchpoints', async (req) => {
    requireReadKey(req, keys);
    return { touchpoints: await store.touchpoints() };
  });
}
