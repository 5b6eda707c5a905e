import type { FastifyInstance } from 'fastify';
import type { RangeClock } from '@trailmap/core';
import type { EventStore } from '@trailmap/warehouse';
import { ANALYSES } from '../analytics/analyses.js';
import type { ApiKeys } from '../auth/keys.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';
import { runCached } from '../http/validated-post.js';
import type { ResultCache } from '../http/result-cache.js';
import type { StateStore } from '@trailmap/state';
import { resolveRangedSegments } from '../analytics/resolve-segments.js';

/**
 * `POST /v1/analytics/:name` (read key): the body is the analysis definition, validated with zod;
 * its range is resolved in the project time zone at `clock()`'s now, and the answer says which
 * absolute range it used. Saved segments named in `segment` are resolved (as of the request time)
 * before the analysis runs and before the result cache is consulted.
 */
export function analyticsRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys, clock: () => RangeClock, cache?: ResultCache, state?: StateStore): void {
  app.post<{ Params: { name: string } }>('/v1/analytics/:name', async (req) => {
    const analysis = Object.hasOwn(ANALYSES, req.params.name) ? ANALYSES[req.params.name] : undefined;
    if (!analysis) {
      throw new ApiError(404, 'unknown_analysis', `no analysis ${JSON.stringify(req.params.name)}; known: ${Object.keys(ANALYSES).join(', ')}`);
    }
    const parsed = analysis.ranged.parse(req.body ?? {}, clock());
    if (!parsed.success) throw invalidDefinition(parsed.error, `${req.params.name} definition`);
    const now = clock().now;
    const data = state ? await resolveRangedSegments(parsed.data, state, now) : parsed.data;
    return runCached(store, `/v1/analytics/${req.params.name}`, data, (db) => analysis.run(db, data), cache && { cache });
  });
}
