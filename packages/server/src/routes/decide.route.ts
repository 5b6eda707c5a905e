import type { FastifyInstance } from 'fastify';
import { interventionOverrideSchemaFor } from '@trailmap/core';
import {
  attributionRequestSchema,
  INTERVENTION_OVERRIDES_SETTING,
  interventionsRequestSchema,
  keyTouchpointsRequestSchema,
  parseOverrides,
  runAttribution,
  runInterventions,
  runKeyTouchpoints,
  runTwinSimulation,
  TwinRequestError,
  twinSimulateRequestSchema,
  type EventStore,
} from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { requireReadKey } from '../auth/require-key.js';
import { ApiError } from '../http/api-error.js';
import { readPost } from '../http/validated-post.js';
import { invalidDefinition } from '../http/zod-error.js';

/** Deciding what to fix (read key): attribution, key touchpoints, interventions, the twin. */
export function decideRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys): void {
  readPost(app, store, keys, '/v1/attribution', 'attribution request', attributionRequestSchema, runAttribution);
  readPost(app, store, keys, '/v1/touchpoints/score', 'touchpoint score request', keyTouchpointsRequestSchema, runKeyTouchpoints);
  readPost(app, store, keys, '/v1/interventions', 'interventions request', interventionsRequestSchema, async (db, req) =>
    runInterventions(db, req, parseOverrides(await store.setting(INTERVENTION_OVERRIDES_SETTING))),
  );
  readPost(app, store, keys, '/v1/twin/simulate', 'simulation request', twinSimulateRequestSchema, async (db, req) => {
    try {
      return await runTwinSimulation(db, req);
    } catch (e) {
      if (e instanceof TwinRequestError) throw new ApiError(400, 'invalid_intervention', e.message, e.field);
      throw e;
    }
  });

  /**
   * A team's own feasibility (0..1), cost and effect parameters (`share`, or `reach` and `lift`,
   * by the kind in the id `kind:touchpoint`) for one intervention; the twin and the ranking use
   * them from then on. A parameter of another kind is a 400 naming it.
   */
  app.put<{ Params: { id: string } }>('/v1/interventions/:id', async (req) => {
    requireReadKey(req, keys);
    const parsed = interventionOverrideSchemaFor(req.params.id).safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'intervention estimate');
    const all = parseOverrides(await store.setting(INTERVENTION_OVERRIDES_SETTING));
    all[req.params.id] = { ...all[req.params.id], ...parsed.data };
    await store.saveSetting(INTERVENTION_OVERRIDES_SETTING, JSON.stringify(all));
    return { id: req.params.id, ...all[req.params.id] };
  });

  app.delete<{ Params: { id: string } }>('/v1/interventions/:id', async (req) => {
    requireReadKey(req, keys);
    const all = parseOverrides(await store.setting(INTERVENTION_OVERRIDES_SETTING));
    const existed = req.params.id in all;
    delete all[req.params.id];
    await store.saveSetting(INTERVENTION_OVERRIDES_SETTING, JSON.stringify(all));
    return { id: req.params.id, reset: existed };
  });
}
