import type { FastifyInstance } from 'fastify';
import type { StateStore } from '@trailmap/state';
import type { Authorizer } from '../auth/authorizer.js';
import { ApiError } from '../http/api-error.js';
import { hostCheck } from './host-check.js';
import { webRoutes, type WebOptions } from './serve-web.js';
import { CSRF_HEADER, isSameOrigin, sameKey, WebSessions } from './web-session.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type { WebOptions } from './serve-web.js';

/**
 * The web app and its browser session: the scope hook (auth/scope-hook.ts) accepts `req.webSession`, set here from
 * the cookie — only for a same-origin request naming this server's host, and, unless the method
 * is safe, carrying the session's CSRF token in `x-trailmap-csrf` (double submit; SameSite alone
 * is not relied on). Returns the fallback that answers a browser's miss with the app's 404 page.
 */
export function registerWeb(app: FastifyInstance, auth: Authorizer, state: StateStore, opts: WebOptions): ReturnType<typeof webRoutes> {
  const sessions = new WebSessions();
  const check = opts.hostCheck ?? hostCheck({});
  app.decorateRequest('webSession', null);
  app.addHook('onRequest', async (req) => {
    if (req.headers.authorization !== undefined || !isSameOrigin(req) || !check(req.headers.host)) return;
    const session = sessions.sessionOf(req);
    if (!session) return;
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameKey(sent, session.csrf)) {
        throw new ApiError(403, 'csrf_token_missing', `a request that changes or computes something with the web session must echo the ${CSRF_HEADER} header (the trailmap_csrf cookie's value)`, CSRF_HEADER);
      }
    }
    req.webSession = session.principal;
  });
  return webRoutes(app, auth, state, sessions, { ...opts, hostCheck: check });
}

/** Whether a listen address only takes connections from this machine. */
export const isLoopbackHost = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');
