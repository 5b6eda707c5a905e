import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { churnDefinitionSchema, clvDefinitionSchema, clvSegmentSummary, personaDefinitionSchema, rfmDefinitionSchema, segmentKeySchema, type ClvResult } from '@trailmap/core';
import { computedTraitDefinitions, segmentRules, type StateStore } from '@trailmap/state';
import { ApiError } from '../http/api-error.js';
import { churnInputFromWarehouse, clvInputFromWarehouse, personaRawFromWarehouse, runRfm, segmentMembers, type EventStore } from '@trailmap/warehouse';
import { ComputePool } from '../compute/compute-pool.js';
import type { ApiKeys } from '../auth/keys.js';
import { invalidDefinition } from '../http/zod-error.js';
import { runCached } from '../http/validated-post.js';
import type { ResultCache } from '../http/result-cache.js';

/** `POST /v1/customers/rfm`: the RFM definition, and whether to list every customer's scores. */
export const rfmRequestSchema = rfmDefinitionSchema.extend({ people: z.boolean().default(false) }).strict();

/** `POST /v1/customers/personas`: the persona definition (the CLI's flags: kMin/kMax for --k, seed, asOf, purchase, value, mix, restarts). */
export const personasRequestSchema = personaDefinitionSchema.strict();
/** `POST /v1/customers/clv`: the CLV definition (horizon in the unit), whether to list every customer, and a saved segment to sum CLV over. */
export const clvRequestSchema = clvDefinitionSchema.extend({ people: z.boolean().default(false), segment: segmentKeySchema.optional() }).strict();
/** `POST /v1/customers/churn`: the churn definition (windowDays for --window, asOf, activeEvent, purchase, value, top, c). */
export const churnRequestSchema = churnDefinitionSchema.strict();

/**
 * Customer models over the warehouse (read key). RFM is one grouped query and a sort: cheap enough
 * to answer on the request thread. Personas, CLV and churn read their features from the store here,
 * then fit on a worker of `compute` (the same core functions the CLI runs in-process), so the event loop stays free.
 */
export function customersRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys, cache?: ResultCache, compute?: ComputePool, state?: StateStore, nowMs: () => number = Date.now): void {
  const pool = compute ?? new ComputePool();
  if (!compute) app.addHook('onClose', async () => pool.close());
  app.post('/v1/customers/personas', async (req) => {
    const parsed = personasRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'personas definition');
    const def = parsed.data;
    return runCached(store, '/v1/customers/personas', def, async (db) => pool.run('personas', { raw: await personaRawFromWarehouse(db, def), def }), cache && { cache });
  });
  app.post('/v1/customers/clv', async (req) => {
    const parsed = clvRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'clv definition');
    const { people, segment, ...def } = parsed.data;
    if (segment === undefined) return runCached(store, '/v1/customers/clv', parsed.data, async (db) => pool.run('clv', { ...(await clvInputFromWarehouse(db, def)), def, opts: { people } }), cache && { cache });
    // A segment's CLV: the model fitted on every customer, summed over the segment's members now
    // (its rule as of the request time, rounded up to the minute, as analyses count segments).
    const rules = state ? await segmentRules(state) : new Map();
    const rule = rules.get(segment);
    if (!rule) throw new ApiError(400, 'invalid_definition', `invalid clv definition: segment: no saved segment has the key ${JSON.stringify(segment)}`, 'segment');
    const traits = state ? await computedTraitDefinitions(state) : new Map();
    const asOfMs = Math.ceil(nowMs() / 60_000) * 60_000;
    const run = async (db: Parameters<Parameters<typeof runCached>[3]>[0]) => {
      const result = (await pool.run('clv', { ...(await clvInputFromWarehouse(db, def)), def, opts: { people: true } })) as ClvResult;
      const members = new Set(await segmentMembers(db, rule, asOfMs, (k) => rules.get(k), (k) => traits.get(k)));
      const summary = clvSegmentSummary(segment, result.people ?? [], members, result.totals.clv);
      const { people: all, ...rest } = result;
      return { ...rest, ...(people ? { people: all } : {}), segment: summary };
    };
    return runCached(store, '/v1/customers/clv', parsed.data, run, cache && { cache, extra: async () => ({ rule, asOfMs }) });
  });
  app.post('/v1/customers/churn', async (req) => {
    const parsed = churnRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'churn definition');
    const def = parsed.data;
    return runCached(store, '/v1/customers/churn', def, async (db) => pool.run('churn', { ...(await churnInputFromWarehouse(db, def)), def }), cache && { cache });
  });
  app.post('/v1/customers/rfm', async (req) => {
    const parsed = rfmRequestSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'rfm definition');
    const { people, ...def } = parsed.data;
    return runCached(store, '/v1/customers/rfm', parsed.data, (db) => runRfm(db, def, { people }), cache && { cache });
  });
}
