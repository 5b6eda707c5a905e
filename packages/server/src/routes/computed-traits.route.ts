import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  computedTraitCreateSchema,
  computedTraitDefinitionSchema,
  computedTraitDistribution,
  computedTraitPatchSchema,
  computedTraitPreviewSchema,
  patchedComputedTrait,
  referencedComputedTraits,
  toCsv,
  type ComputedTraitFreshness,
  type ComputedTraitPreview,
  type ComputedTraitValuesAnswer,
} from '@trailmap/core';
import { createComputedTrait, deleteComputedTrait, getComputedTrait, listComputedTraits, listSegments, updateComputedTrait, type StateStore } from '@trailmap/state';
import { computedTraitFromWarehouse, type EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';

const noTrait = (key: string) => new ApiError(404, 'not_found', `no computed trait has the key ${JSON.stringify(key)}`);

export const computedTraitValuesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100_000).default(1000),
    offset: z.coerce.number().int().min(0).default(0),
    /** The instant to compute at (default: now). */
    asOf: z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO-8601 date-time').optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();

/**
 * Saved computed traits (definitions in the state store) and their values, computed on read in
 * the warehouse: reading loads the collection log first, so values include every event
 * acknowledged before the request; `lastLoadAt` says when that load ended. Like segments, the
 * read key may write definitions: they describe people, never change data.
 */
export function computedTraitsRoutes(app: FastifyInstance, store: EventStore, state: StateStore, keys: ApiKeys, now: () => number): void {
  const freshness = (asOf: number): ComputedTraitFreshness => ({
    asOf: new Date(asOf).toISOString(),
    lastLoadAt: store.lastLoadAt === null ? null : new Date(store.lastLoadAt).toISOString(),
  });

  app.get('/v1/computed-traits', async (req) => {
    return { computedTraits: await listComputedTraits(state) };
  });

  app.post('/v1/computed-traits/preview', async (req): Promise<ComputedTraitPreview> => {
    const body = computedTraitPreviewSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'computed-trait preview');
    const def = computedTraitDefinitionSchema.safeParse(body.data.definition);
    if (!def.success) throw invalidDefinition(def.error, 'computed trait');
    const asOf = body.data.asOf === undefined ? now() : Date.parse(body.data.asOf);
    const rows = await computedTraitFromWarehouse(await store.readSession(), def.data, asOf);
    return { ...freshness(asOf), distribution: computedTraitDistribution(rows.map((r) => r.value)), sample: rows.slice(0, body.data.sample) };
  });

  app.post('/v1/computed-traits', async (req, reply) => {
    const body = computedTraitCreateSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'computed trait');
    const created = await createComputedTrait(state, body.data);
    if (!created) throw new ApiError(409, 'conflict', `a computed trait with the key ${JSON.stringify(body.data.key)} exists already`, 'key');
    reply.code(201);
    return created;
  });

  app.get<{ Params: { key: string } }>('/v1/computed-traits/:key', async (req) => {
    const t = await getComputedTrait(state, req.params.key);
    if (!t) throw noTrait(req.params.key);
    return t;
  });

  app.patch<{ Params: { key: string } }>('/v1/computed-traits/:key', async (req) => {
    const body = computedTraitPatchSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'computed-trait update');
    const saved = await getComputedTrait(state, req.params.key);
    if (!saved) throw noTrait(req.params.key);
    const def = computedTraitDefinitionSchema.safeParse(patchedComputedTrait(saved.definition, body.data));
    if (!def.success) throw invalidDefinition(def.error, 'computed trait');
    const updated = await updateComputedTrait(state, def.data);
    if (!updated) throw noTrait(req.params.key);
    return updated;
  });

  app.delete<{ Params: { key: string } }>('/v1/computed-traits/:key', async (req) => {
    const users = (await listSegments(state)).filter((s) => referencedComputedTraits(s.rule).includes(req.params.key)).map((s) => s.key);
    if (users.length) throw new ApiError(409, 'conflict', `computed trait ${JSON.stringify(req.params.key)} is used by the rule of segment ${users.map((u) => JSON.stringify(u)).join(', ')}; change those first`, 'key');
    if (!(await deleteComputedTrait(state, req.params.key))) throw noTrait(req.params.key);
    return { key: req.params.key, deleted: true };
  });

  app.get<{ Params: { key: string } }>('/v1/computed-traits/:key/values', async (req, reply) => {
    const q = computedTraitValuesQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'computed-trait values query');
    const t = await getComputedTrait(state, req.params.key);
    if (!t) throw noTrait(req.params.key);
    const asOf = q.data.asOf === undefined ? now() : Date.parse(q.data.asOf);
    const rows = await computedTraitFromWarehouse(await store.readSession(), t.definition, asOf);
    const page = rows.slice(q.data.offset, q.data.offset + q.data.limit);
    const fresh = freshness(asOf);
    if (q.data.format === 'json') return { key: t.key, total: rows.length, values: page, ...fresh } satisfies ComputedTraitValuesAnswer;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="computed-trait-${t.key}.csv"`)
      .header('x-total-count', String(rows.length))
      .header('x-as-of', fresh.asOf)
      .header('x-last-load-at', fresh.lastLoadAt ?? '')
      .send(toCsv([['person_id', 'value'], ...page.map((r) => [r.personId, r.value])]));
  });
}
