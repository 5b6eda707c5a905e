import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './api-error.js';

/** `*` or the exact origins (scheme://host[:port]) allowed to call collection routes from a page. */
export type CorsOrigins = '*' | readonly string[];

export interface CollectionCors {
  /** onRequest hook of a collection route: allow the page's origin, or refuse a foreign one. */
  allow(req: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The OPTIONS handler of a collection route. */
  preflight(req: FastifyRequest, reply: FastifyReply): Promise<void>;
}

const DEFAULT_ALLOWED_HEADERS = 'Content-Type, Content-Encoding, Authorization, X-Retry-Count';
const HEADER_LIST = /^[A-Za-z0-9-]+(\s*,\s*[A-Za-z0-9-]+)*$/;

const sameOrigin = (origin: string, host: string | undefined) => {
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
};

/**
 * CORS for the collection routes only (events, the SDK settings, analytics.js). Read routes get
 * none of it: they send no Access-Control-Allow-Origin and their preflight is refused, so a page
 * on another origin can never read data, with or without a key.
 */
export function collectionCors(origins: CorsOrigins): CollectionCors {
  const isAllowed = (origin: string) => origins === '*' || origins.includes(origin.toLowerCase());
  const allowOrigin = (reply: FastifyReply, origin: string) => {
    if (origins === '*') {
      reply.header('access-control-allow-origin', '*');
    } else {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
    }
  };
  const notAllowed = (origin: string) =>
    new ApiError(403, 'origin_not_allowed', `pages on ${origin} may not send events here; add the origin to TRAILMAP_CORS_ORIGINS`);
  return {
    async allow(req, reply) {
      const origin = req.headers.origin;
      // Server-side clients send no Origin; a same-origin page needs no CORS.
      if (origin === undefined || sameOrigin(origin, req.headers.host)) return;
      if (!isAllowed(origin)) {
        if (origins !== '*') reply.header('vary', 'Origin');
        throw notAllowed(origin);
      }
      allowOrigin(reply, origin);
    },
    async preflight(req, reply) {
      const origin = req.headers.origin;
      if (origin === undefined) throw new ApiError(400, 'not_a_preflight', 'OPTIONS here answers CORS preflight requests, which carry an Origin header');
      if (!isAllowed(origin)) throw notAllowed(origin);
      allowOrigin(reply, origin);
      const asked = req.headers['access-control-request-headers'];
      // Authorization is never covered by a `*` wildcard, so the asked-for list is echoed.
      reply.header('access-control-allow-headers', typeof asked === 'string' && HEADER_LIST.test(asked.trim()) ? asked.trim() : DEFAULT_ALLOWED_HEADERS);
      reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
      reply.header('access-control-max-age', '7200');
      reply.code(204).send();
    },
  };
}

/** Every OPTIONS request that no collection route answered: preflight refused, no CORS headers. */
export function refuseOtherPreflights(app: FastifyInstance): void {
  app.options('/*', async (req) => {
    throw new ApiError(
      403,
      'cors_not_allowed',
      `cross-origin requests to ${req.url.split('?')[0]} are refused: only the collection routes (/v1/track…, /v1/batch, the browser SDK's /v1/t…/v1/b and its settings) answer other origins`,
    );
  });
}
