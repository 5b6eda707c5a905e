import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { privacyRequestInputSchema, type PrivacyRequestAnswer, type PrivacyRequestList, type SuppressionCounts } from '@trailmap/core';
import { getPrivacyRequest, listPrivacyRequests, privacyAnswer, type StateStore } from '@trailmap/state';
import type { ApiKeys } from '../auth/keys.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';
import type { PrivacyService } from '../privacy/privacy-service.js';

export const privacyRequestParams = z.object({ id: z.string().min(1).max(64) }).strict();

const actorOf = (req: { principal?: { actor?: string } | null }) => req.principal?.actor ?? 'api';

/**
 * Data-subject requests: `POST /v1/privacy/requests` records one (202; the same request still
 * open answers 200 with it) and runs it in the background; `GET` lists them, `GET …/:id` is one,
 * `GET …/:id/document` the access document; `GET /v1/privacy/suppressions` counts the list and
 * the events collection dropped for it.
 */
export function privacyRoutes(app: FastifyInstance, state: StateStore, keys: ApiKeys, privacy: PrivacyService): void {
  app.post('/v1/privacy/requests', async (req, reply) => {
    const parsed = privacyRequestInputSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'privacy request');
    const runner = privacy.get();
    const actor = actorOf(req as never);
    const { request, created } = await runner.submit(parsed.data, { actor, origin: req.ip });
    runner.runInBackground(request.id, actor, (e) => req.log.error({ err: e, request: request.id }, 'privacy request failed'));
    return reply.code(created ? 202 : 200).send(privacyAnswer(request));
  });
  app.get('/v1/privacy/requests', async (req): Promise<PrivacyRequestList> => {
    return { requests: (await listPrivacyRequests(state)).map(privacyAnswer) };
  });
  app.get('/v1/privacy/requests/:id', async (req): Promise<PrivacyRequestAnswer> => {
    const p = privacyRequestParams.safeParse(req.params);
    if (!p.success) throw invalidDefinition(p.error, 'path');
    const r = await getPrivacyRequest(state, p.data.id);
    if (!r) throw new ApiError(404, 'not_found', `no privacy request ${p.data.id}`, 'id');
    return privacyAnswer(r);
  });
  app.get('/v1/privacy/requests/:id/document', async (req, reply) => {
    const p = privacyRequestParams.safeParse(req.params);
    if (!p.success) throw invalidDefinition(p.error, 'path');
    const r = await getPrivacyRequest(state, p.data.id);
    if (!r) throw new ApiError(404, 'not_found', `no privacy request ${p.data.id}`, 'id');
    if (r.type !== 'access') throw new ApiError(409, 'not_access', `request ${r.id} is a ${r.type} request; only access requests have a document`, 'id');
    const file = join(privacy.get().accessDir(r.id), 'access.json');
    if (r.status !== 'completed') throw new ApiError(409, 'not_ready', `request ${r.id} is ${r.status}; the document is there once it is completed`, 'id');
    if (!existsSync(file)) throw new ApiError(410, 'gone', `the document of ${r.id} is no longer kept (a later delete request removed it)`, 'id');
    return reply.type('application/json').header('content-disposition', `attachment; filename="access-${r.id}.json"`).send(createReadStream(file));
  });
  app.get('/v1/privacy/suppressions', async (req): Promise<SuppressionCounts> => {
    const f = privacy.get().suppression;
    return f.counts();
  });
}
