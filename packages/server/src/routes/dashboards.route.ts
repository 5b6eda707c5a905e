import type { FastifyInstance } from 'fastify';
import { dashboardInputSchema, dashboardPatchSchema } from '@trailmap/core';
import { createDashboard, deleteDashboard, getDashboard, isMissingInsight, listDashboards, updateDashboard, type MissingInsight, type StateStore } from '@trailmap/state';
import type { ApiKeys } from '../auth/keys.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';

const noDashboard = (id: string) => new ApiError(404, 'not_found', `no dashboard has the id ${JSON.stringify(id)}`);
const unknownInsight = (m: MissingInsight) =>
  new ApiError(400, 'unknown_insight', `tile ${m.missing.index} names the insight ${JSON.stringify(m.missing.insightId)}, which is not saved`, `tiles[${m.missing.index}].insightId`);

/** Dashboards: saved insights in a grid, each tile served with its insight (the web app runs each on open). */
export function dashboardsRoutes(app: FastifyInstance, state: StateStore, keys: ApiKeys): void {
  app.get('/v1/dashboards', async (req) => {
    return { dashboards: await listDashboards(state) };
  });
  app.post('/v1/dashboards', async (req, reply) => {
    const body = dashboardInputSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'dashboard');
    const d = await createDashboard(state, body.data);
    if (isMissingInsight(d)) throw unknownInsight(d);
    reply.code(201);
    return d;
  });
  app.get<{ Params: { id: string } }>('/v1/dashboards/:id', async (req) => {
    const d = await getDashboard(state, req.params.id);
    if (!d) throw noDashboard(req.params.id);
    return d;
  });
  app.patch<{ Params: { id: string } }>('/v1/dashboards/:id', async (req) => {
    const body = dashboardPatchSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'dashboard update');
    const d = await updateDashboard(state, req.params.id, body.data);
    if (!d) throw noDashboard(req.params.id);
    if (isMissingInsight(d)) throw unknownInsight(d);
    return d;
  });
  app.delete<{ Params: { id: string } }>('/v1/dashboards/:id', async (req) => {
    if (!(await deleteDashboard(state, req.params.id))) throw noDashboard(req.params.id);
    return { id: req.params.id, deleted: true };
  });
}
