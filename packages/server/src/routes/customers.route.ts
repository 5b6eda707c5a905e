import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { churnDefinitionSchema, clvDefinitionSchema, personaDefinitionSchema, rfmDefinitionSchema } from '@trailmap/core';
import { churnInputFromWarehouse, clvInputFromWarehouse, personaRawFromWarehouse, runRfm, type EventStore } from '@trailmap/warehouse';
import { ComputePool } from '../compute/compute-pool.js';
import type { ApiKeys } from '../auth/keys.js';
import { requireReadKey } from '../auth/require-key.js';
import { invalidDefinition } from '../http/zod-error.js';
import { runCached } from '../http/validated-post.js';
import type { ResultCache } from '../http/result-cache.js';

/** `POST /v1/customers/rfm`: the RFM definition, and whether to list every customer's scores. */
export const rfmRequestSchema = rfmDefinitionSchema.extend({ people: z.boolean().default(false) }).strict();

/** `POST /v1/customers/personas`: the persona definition (the CLI's flags: kMin/kMax for --k, seed, asOf, purchase, value, mix, restarts). */
export const personasRequestSchema = personaDefinitionSchema.strict();
/** `POST /v1/customers/clv`: the CLV definition (horizon in the unit), and whether to list every customer. */
export const clvRequestSchema = clvDefinitionSchema.extend({ people: z.boolean().default(false) }).strict();
/** `POST /v1/customers/churn`: the churn definition (windowDays for --window, asOf, activeEvent, purchase, value, top, c). */
export const churnRequestSchema = churnDefinitionSchema.strict();

/**
 * Customer models over the warehouse (read key). RFM is one grouped query and a sort: cheap enough
 * to answer on the request thread. Personas, CLV and churn read their features from the store here,
 * then fit on a worker of `compute` (the same core functions the CLI runs in-process), so the event loop stays free.
 */
export function customersRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys, cache?: ResultCache, compute?: ComputePool): void {
  const pool = compute ?? new ComputePool();
  if (!compute) app.addHook('onClose', async () => pool.close());
  app.post('/v1/customers/personas', async (req) => {
    requireReadKey(req, keys);
    const parsed = personasRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'personas definition');
    const def = parsed.data;
    return runCached(store, '/v1/customers/personas', def, async (db) => pool.run('personas', { raw: await personaRawFromWarehouse(db, def), def }), cache && { cache });
  });
  app.post('/v1/customers/clv', async (req) => {
    requireReadKey(req, keys);
    const parsed = clvRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'clv definition');
    const { people, ...def } = parsed.data;
    return runCached(store, '/v1/customers/clv', parsed.data, async (db) => pool.run('clv', { ...(await clvInputFromWarehouse(db, def)), def, opts: { people } }), cache && { cache });
  });
  app.post('/v1/customers/churn', async (req) => {
    requireReadKey(req, keys);
    const parsed = churnRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'churn definition');
    const def = parsed.data;
    return runCached(store, '/v1/customers/churn', def, async (db) => pool.run('churn', { ...(await churnInputFromWarehouse(db, def)), def }), cache && { cache });
  });
  app.post('/v1/customers/rfm', async (req) => {
    requireReadKey(req, keys);
    const parsed = rfmRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'rfm definition');
    const { people, ...def } = parsed.data;
    return runCached(store, '/v1/customers/rfm', parsed.data, (db) => runRfm(db, def, { people }), cache && { cache });
  });
}
