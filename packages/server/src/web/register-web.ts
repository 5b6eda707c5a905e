import type { FastifyInstance } from 'fastify';
import type { ApiKeys } from '../auth/keys.js';
import { webRoutes, type WebOptions } from './serve-web.js';
import { isSameOrigin, WebSessions } from './web-session.js';

export type { WebOptions } from './serve-web.js';

/** The web app and its browser session: `requireReadKey` accepts `req.webReadKey`, set here from the cookie. */
export function registerWeb(app: FastifyInstance, keys: ApiKeys, opts: WebOptions): void {
  const sessions = new WebSessions();
  app.decorateRequest('webReadKey', null);
  app.addHook('onRequest', async (req) => {
    if (req.headers.authorization === undefined && isSameOrigin(req)) req.webReadKey = sessions.readKeyOf(req);
  });
  webRoutes(app, keys, sessions, opts);
}

/** Whether a listen address only takes connections from this machine. */
export const isLoopbackHost = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');
