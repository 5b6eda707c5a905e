import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { apiKeyCreateSchema, apiKeyRotateSchema, type ApiKeyList } from '@trailmap/core';
import type { StateStore } from '@trailmap/state';
import { createKey, isRefusal, listKeys, revokeKey, rotateKey, type KeyActor } from '../auth/key-admin.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';

export const keyIdParams = z.object({ id: z.string().min(1).max(100) });

const actorOf = (req: { principal: { actor: string } | null; ip: string }): KeyActor => ({ actor: req.principal?.actor ?? 'unknown', origin: req.ip });

/**
 * Keys (scope admin, declared in the route catalogue): list, create, rotate, revoke. A secret is in
 * the create and rotate answers only; each change is in the audit log.
 */
export function keysRoutes(app: FastifyInstance, state: StateStore, now: () => number): void {
  app.get('/v1/keys', async (): Promise<ApiKeyList> => ({ keys: await listKeys(state) }));

  app.post('/v1/keys', async (req, reply) => {
    const parsed = apiKeyCreateSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'key');
    return reply.code(201).send(await createKey(state, parsed.data, actorOf(req)));
  });

  app.post<{ Params: { id: string } }>('/v1/keys/:id/rotate', async (req) => {
    const { id } = keyIdParams.parse(req.params);
    const parsed = apiKeyRotateSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'rotation');
    const r = await rotateKey(state, id, parsed.data.graceHours, now(), actorOf(req));
    if (isRefusal(r)) throw new ApiError(r.refused === 'not_found' ? 404 : 409, r.refused === 'not_found' ? 'not_found' : 'key_revoked', r.message);
    return r;
  });

  app.delete<{ Params: { id: string } }>('/v1/keys/:id', async (req) => {
    const { id } = keyIdParams.parse(req.params);
    const r = await revokeKey(state, id, now(), actorOf(req));
    if (isRefusal(r)) throw new ApiError(404, 'not_found', r.message);
    return { key: r };
  });
}
