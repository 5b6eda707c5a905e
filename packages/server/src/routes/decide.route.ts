import type { FastifyInstance } from 'fastify';
import { attributionRequestSchema, keyTouchpointsRequestSchema, runAttribution, runKeyTouchpoints, type EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { readPost } from '../http/validated-post.js';

/** Deciding what to fix (read key): attribution, key touchpoint scores. */
export function decideRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys): void {
  readPost(app, store, keys, '/v1/attribution', 'attribution request', attributionRequestSchema, runAttribution);
  readPost(app, store, keys, '/v1/touchpoints/score', 'touchpoint score request', keyTouchpointsRequestSchema, runKeyTouchpoints);
}
