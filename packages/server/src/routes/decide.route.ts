import type { FastifyInstance } from 'fastify';
import { INTERVENTION_KINDS, interventionKindOf, interventionOverrideSchemaFor, resolvingSchema, type DecideIssue, type RangeClock, type Result } from '@trailmap/core';
import {
  attributionComputeOptions,
  attributionResponse,
  fetchAttributionData,
  fetchInterventionsData,
  fetchKeyTouchpointsData,
  fetchTwinSimulationData,
  interventionsComputeOptions,
  twinConversionEvents,
  twinJourneys,
  type EventStore,
} from '@trailmap/warehouse';
import { listInterventionEstimates, mergeInterventionEstimate, removeInterventionEstimate, type StateStore } from '@trailmap/state';
import type { ApiKeys } from '../auth/keys.js';
import { ComputePool } from '../compute/compute-pool.js';
import { ApiError } from '../http/api-error.js';
import { readPost, type ReadPostCache } from '../http/validated-post.js';
import { RANGED_DECIDE } from '../analytics/analyses.js';
import { resolveRangedSegments } from '../analytics/resolve-segments.js';
import type { ResultCache } from '../http/result-cache.js';
import { invalidDefinition } from '../http/zod-error.js';

/** A computation's answer, or the request issue it found as a 400 naming the field. */
function decided<T>(r: Result<T, DecideIssue>): T {
  if (r.ok) return r.value;
  throw new ApiError(400, r.error.code, r.error.message, r.error.field);
}

/**
 * Deciding what to fix (read key): attribution, key touchpoints, interventions, the twin. Each
 * fetches its data from the store here, then computes on a worker of `compute` (see
 * compute/compute-pool.ts), so the event loop stays free; without one, a pool of the defaults
 * is started for this app and closed with it.
 */
export function decideRoutes(app: FastifyInstance, store: EventStore, state: StateStore, keys: ApiKeys, compute?: ComputePool, cache?: ResultCache, clock: () => RangeClock = () => ({ timeZone: 'UTC', now: Date.now() })): void {
  const pool = compute ?? new ComputePool();
  if (!compute) app.addHook('onClose', async () => pool.close());
  // Answers are kept while the data is unchanged; the ranking also reads the teams' estimates, so they are part of its key.
  const cachedFor = (path: string): ReadPostCache | undefined =>
    cache && (path === '/v1/interventions' ? { cache, extra: () => listInterventionEstimates(state) } : { cache });
  // Saved segments in `segment` are resolved (as of the request time) before the run and the cache.
  const post: typeof readPost = (a, s, k, path, what, schema, run) => readPost(a, s, k, path, what, schema, run, cachedFor(path), (r) => resolveRangedSegments(r as never, state, clock().now) as never);

  post(app, store, keys, '/v1/attribution', 'attribution request', resolvingSchema(RANGED_DECIDE.attribution, clock), async (db, { definition: req, range }) => {
    const { journeys, cut } = await fetchAttributionData(db, req);
    return { ...attributionResponse(req, decided(await pool.run('attribution', { journeys, options: attributionComputeOptions(req) })), cut), range };
  });
  post(app, store, keys, '/v1/touchpoints/score', 'touchpoint score request', resolvingSchema(RANGED_DECIDE.touchpointScore, clock), async (db, { definition: req, range }) => {
    const data = await fetchKeyTouchpointsData(db, req);
    return { ...decided(await pool.run('keyTouchpoints', { data, options: { weights: req.weights, minReach: req.minReach } })), range };
  });
  post(app, store, keys, '/v1/interventions', 'interventions request', resolvingSchema(RANGED_DECIDE.interventions, clock), async (db, { definition: req, range }) => {
    const options = interventionsComputeOptions(req, await listInterventionEstimates(state));
    const data = await fetchInterventionsData(db, req);
    return { ...decided(await pool.run('interventions', { data, options })), range };
  });
  post(app, store, keys, '/v1/twin/simulate', 'simulation request', resolvingSchema(RANGED_DECIDE.twinSimulate, clock), async (db, { definition: req, range }) => {
    const { journeys } = await fetchTwinSimulationData(db, req);
    return { ...decided(await pool.run('twinSimulation', { journeys, fit: req.fit, interventions: req.interventions, options: req.options, conversionEvents: twinConversionEvents(req) })), range };
  });
  /** The twin's states for the same journeys a simulation fits on: the lists a scenario picks from. */
  post(app, store, keys, '/v1/twin/states', 'twin states request', resolvingSchema(RANGED_DECIDE.twinStates, clock), async (db, { definition: req, range }) => {
    const journeys = await twinJourneys(db, req);
    return { ...decided(await pool.run('twinStates', { journeys, fit: req.fit, conversionEvents: twinConversionEvents(req) })), range };
  });

  /**
   * A team's own feasibility (0..1), cost and effect parameters (`share`, or `reach` and `lift`,
   * by the kind in the id `kind:touchpoint`) for one intervention; the twin and the ranking use
   * them from then on. A parameter of another kind is a 400 naming it. The merge is one statement
   * on the id's row in the state store: two processes editing at once both keep their change.
   */
  app.put<{ Params: { id: string } }>('/v1/interventions/:id', async (req) => {
    checkInterventionId(req.params.id);
    const parsed = interventionOverrideSchemaFor(req.params.id).safeParse(req.body ?? {});
    if (!parsed.success) throw invalidDefinition(parsed.error, 'intervention estimate');
    return { id: req.params.id, ...(await mergeInterventionEstimate(state, req.params.id, parsed.data)) };
  });

  app.delete<{ Params: { id: string } }>('/v1/interventions/:id', async (req) => {
    return { id: req.params.id, reset: await removeInterventionEstimate(state, req.params.id) };
  });
}

/**
 * An intervention id is `kind:touchpoint` with a known kind, at most 500 characters: anything else
 * (`__proto__`, `constructor`) could only ever be a key on the stored object, never an intervention.
 */
function checkInterventionId(id: string): void {
  const i = id.indexOf(':');
  if (id.length > 500 || i <= 0 || i === id.length - 1 || interventionKindOf(id) === null) {
    throw new ApiError(400, 'invalid_field', `the intervention id must be kind:touchpoint with a kind of ${INTERVENTION_KINDS.join(', ')} (at most 500 characters), got ${JSON.stringify(id.slice(0, 80))}`, 'id');
  }
}
