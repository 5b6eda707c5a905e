import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { INSIGHT_KINDS } from '@trailmap/core';
import { createInsight, deleteInsight, getInsight, listInsights, updateInsight, type StateStore } from '@trailmap/state';
import type { ApiKeys } from '../auth/keys.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';
import { parseInsightInput, parseInsightPatch } from '../insights/insight-definitions.js';

export const insightListQuery = z.object({ kind: z.enum(INSIGHT_KINDS).optional() }).strict();

const noInsight = (id: string) => new ApiError(404, 'not_found', `no insight has the id ${JSON.stringify(id)}`);

/**
 * Saved insights in the state store: an analysis definition (checked against its kind's schema),
 * a chart, a name and a description. The read key (the analyst's, or the web session) may write
 * them: they describe questions, never change data.
 */
export function insightsRoutes(app: FastifyInstance, state: StateStore, keys: ApiKeys): void {
  app.get('/v1/insights', async (req) => {
    const q = insightListQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'insights query');
    return { insights: await listInsights(state, q.data) };
  });
  app.post('/v1/insights', async (req, reply) => {
    const body = parseInsightInput(req.body ?? {});
    if (!body.ok) throw invalidDefinition(body.error, 'insight');
    reply.code(201);
    return createInsight(state, body.value);
  });
  app.get<{ Params: { id: string } }>('/v1/insights/:id', async (req) => {
    const insight = await getInsight(state, req.params.id);
    if (!insight) throw noInsight(req.params.id);
    return insight;
  });
  app.patch<{ Params: { id: string } }>('/v1/insights/:id', async (req) => {
    const current = await getInsight(state, req.params.id);
    if (!current) throw noInsight(req.params.id);
    const body = parseInsightPatch(req.body ?? {}, current.kind);
    if (!body.ok) throw invalidDefinition(body.error, 'insight update');
    const insight = await updateInsight(state, req.params.id, body.value);
    if (!insight) throw noInsight(req.params.id);
    return insight;
  });
  app.delete<{ Params: { id: string } }>('/v1/insights/:id', async (req) => {
    const r = await deleteInsight(state, req.params.id);
    if (!r) throw noInsight(req.params.id);
    return { id: req.params.id, deleted: true, dashboards: r.dashboards };
  });
}
