import type { FastifyInstance } from 'fastify';
import type { EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { requireWriteKey } from '../auth/require-key.js';
import { collectMessages } from '../collect/collect-messages.js';
import { COLLECTION_ENDPOINTS } from '../collect/collection-endpoints.js';
import type { CollectionCors } from '../http/cors.js';

/**
 * Segment-compatible collection: `/v1/{track,identify,page,screen,group,alias,batch}` (and `/v1/import`),
 * and the browser SDK's `/v1/{t,p,i,g,a,s,b}`, open to the pages of the allowed origins (CORS).
 * 200 only after the events are committed; a request with invalid messages stores the valid ones,
 * quarantines the rest and answers 400 naming each one.
 */
export function collectRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys, cors: CollectionCors): void {
  for (const { path, kind } of COLLECTION_ENDPOINTS) {
    app.options(path, cors.preflight);
    app.post(path, { onRequest: cors.allow }, async (req, reply) => {
      const body = req.body as Record<string, unknown> | undefined;
      requireWriteKey(req, keys, body && typeof body === 'object' ? body.writeKey : undefined);
      const collected = collectMessages(body, kind, Date.now());
      const counts = await store.ingestBatch(collected.events, collected.quarantine);
      req.log.debug({ received: collected.received, ...counts }, 'collected');
      if (collected.errors.length > 0) {
        return reply.code(400).send({
          success: false,
          error: {
            code: collected.errors[0]!.code,
            message: `${collected.quarantine.length} of ${collected.received} message(s) were rejected and quarantined: ${collected.errors[0]!.message}`,
          },
          received: collected.received,
          ...counts,
          errors: collected.errors,
        });
      }
      return { success: true, received: collected.received, ...counts };
    });
  }
}
