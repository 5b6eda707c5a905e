import type { FastifyInstance } from 'fastify';
import type { EventStore, SuppressionFilter } from '@trailmap/warehouse';
import type { Authorizer } from '../auth/authorizer.js';
import { admitCollectBody } from '../auth/scope-hook.js';
import { COLLECTION_ENDPOINTS } from '../collect/collection-endpoints.js';
import type { CollectionParser } from '../collect/parse-pool.js';
import { ApiError } from '../http/api-error.js';
import type { CollectionCors } from '../http/cors.js';
import { registerRawBody } from '../http/json-body.js';
import { dropSuppressed } from '../collect/suppress-events.js';

/**
 * Segment-compatible collection: `/v1/{track,identify,page,screen,group,alias,batch}` (and `/v1/import`),
 * and the browser SDK's `/v1/{t,p,i,g,a,s,b}`, open to the pages of the allowed origins (CORS).
 * 200 only after the events are committed; a request with invalid messages stores the valid ones,
 * quarantines the rest and answers 400 naming each one. Bodies are parsed on the parser's threads.
 */
export function collectRoutes(app: FastifyInstance, store: EventStore, auth: Authorizer, cors: CollectionCors, parser: CollectionParser, suppression: () => SuppressionFilter | null = () => null): void {
  void app.register(async (sub) => {
    registerRawBody(sub);
    for (const { path, kind } of COLLECTION_ENDPOINTS) {
      sub.options(path, cors.preflight);
      sub.post(path, { onRequest: cors.allow }, async (req, reply) => {
        const receivedAt = Date.now();
        // The key's source (a key bound to one) is stamped on every event: known before parsing when the key is in a header.
        let parsed = await parser.parse(req.body as Buffer, kind, receivedAt, req.principal?.source ?? undefined);
        const refuse = (p: typeof parsed & { ok: false }) => new ApiError(p.status, p.code, p.message, p.field);
        if (!parsed.ok && parsed.stage === 'json') throw refuse(parsed);
        if (!req.principal) {
          await admitCollectBody(req, auth, parsed.writeKey);
          if (req.principal!.source) parsed = await parser.parse(req.body as Buffer, kind, receivedAt, req.principal!.source);
        }
        if (!parsed.ok) throw refuse(parsed);
        // Events of suppressed ids (data-subject requests) are counted and dropped, never written: the
        // answer's `accepted` leaves them out and `suppressed` says how many there were.
        const filter = suppression();
        const { tails, dropped } = dropSuppressed(filter, parsed.eventTails);
        const counts = { ...(await store.ingestEncoded(tails, parsed.quarantine)), ...(dropped > 0 ? { suppressed: dropped } : {}) };
        if (dropped > 0) await filter!.dropped(dropped);
        req.log.debug({ received: parsed.received, ...counts }, 'collected');
        if (parsed.errors.length > 0) {
          return reply.code(400).send({
            success: false,
            error: {
              code: parsed.errors[0]!.code,
              message: `${parsed.quarantine.length} of ${parsed.received} message(s) were rejected and quarantined: ${parsed.errors[0]!.message}`,
            },
            received: parsed.received,
            ...counts,
            errors: parsed.errors,
          });
        }
        return { success: true, received: parsed.received, ...counts };
      });
    }
  });
}
