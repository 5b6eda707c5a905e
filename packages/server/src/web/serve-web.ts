import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { adminSignInSchema, type ApiScope, type WebSessionInfo } from '@trailmap/core';
import { getAdmin, recordAudit, type StateStore } from '@trailmap/state';
import type { Authorizer, Principal } from '../auth/authorizer.js';
import { verifyPassword } from '../auth/password.js';
import { ApiError } from '../http/api-error.js';
import type { HostCheck } from './host-check.js';
import { clearedSessionCookies, sessionCookies, WebSessions } from './web-session.js';
import { SignInThrottle } from '../auth/sign-in-throttle.js';

/** The app's client-side routes: each serves index.html (the SPA fallback); nothing else does. */
export const WEB_ROUTES = ['/', '/funnels', '/paths', '/attribution', '/retention', '/people', '/data', '/insights', '/insights/:id', '/dashboards', '/dashboards/:id', '/segments', '/rfm', '/personas', '/journeys', '/journeys/:id', '/messages', '/tasks', '/audit'] as const;

/** Where `npm run build` puts the web app (packages/web/dist), from this file's place in packages/server/dist/src/web. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface WebOptions {
  /** Folder holding the built app (index.html, assets/). */
  dir?: string;
  /** Give every page load a session bound to the read key (the local, loopback case). */
  session: boolean;
  /** Which Host headers name this server (default: loopback names); others get no page and no session. */
  hostCheck?: HostCheck;
}

// A valid scrypt hash of a random password: compared against when the admin name is unknown.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** A request whose Host is not this server's (DNS rebinding) gets neither the app nor a session. */
export const wrongHost = (host: string | undefined) =>
  new ApiError(421, 'wrong_host', `this server does not answer to Host ${JSON.stringify(host ?? '')}; open it by its own name (set TRAILMAP_PUBLIC_URL if it is served under another)`, 'host');

export const signInBody = z.object({ readKey: z.string().min(1).max(500) }).strict();

/** The loopback page load's session: reading only (and the Data page's file import). */
export const LOOPBACK_SESSION: Principal = { actor: 'web-session', keyId: null, scopes: ['read'], source: null, origins: null, admin: null };
/** What a signed-in admin's session may do besides reading: keys, the audit log, privacy requests (and file imports, as every session). */
export const ADMIN_SESSION_SCOPES: readonly ApiScope[] = ['read', 'admin', 'privacy'];

/**
 * Serve the built web app at its routes and `/assets/*`, and the browser session endpoints:
 * `POST /web/session {readKey}` (sign in with a key that has scope read; sets the cookie),
 * `POST /web/admin-session {name, password}` (an admin's session), `GET /web/session` (what the
 * session may do) and `DELETE /web/session` (sign out).
 */
export function webRoutes(app: FastifyInstance, auth: Authorizer, state: StateStore, sessions: WebSessions, opts: WebOptions & { hostCheck: HostCheck }): (req: FastifyRequest, reply: FastifyReply) => boolean {
  const dir = resolve(opts.dir ?? DEFAULT_WEB_DIR);
  const indexFile = join(dir, 'index.html');
  // Password guessing: 5 failures per name and address, 20 per address, in 15 minutes.
  const throttle = new SignInThrottle();

  const page = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!opts.hostCheck(req.headers.host)) throw wrongHost(req.headers.host);
    return shell(req, reply);
  };
  const shell = (req: FastifyRequest, reply: FastifyReply) => {
    if (!existsSync(indexFile)) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The web app is not built: run `npm run build` (or `npm start`) in the repository.\n');
    }
    if (opts.session && sessions.principalOf(req) === null) reply.header('set-cookie', sessionCookies(sessions.create(LOOPBACK_SESSION)));
    return reply
      .type(TYPES['.html']!)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(readFileSync(indexFile));
  };
  for (const route of WEB_ROUTES) app.get(route, page);

  app.get<{ Params: { '*': string } }>('/assets/*', async (req, reply) => {
    const file = resolve(dir, 'assets', req.params['*']);
    if (!file.startsWith(join(dir, 'assets') + sep) || !existsSync(file)) throw new ApiError(404, 'not_found', `no asset ${JSON.stringify(req.params['*'])}`);
    return reply
      .type(TYPES[extname(file)] ?? 'application/octet-stream')
      // Vite puts a content hash in every asset name, so they never change.
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(readFileSync(file));
  });

  app.post('/web/session', async (req, reply) => {
    if (!opts.hostCheck(req.headers.host)) throw wrongHost(req.headers.host);
    const parsed = signInBody.safeParse(req.body ?? {});
    if (!parsed.success) throw new ApiError(400, 'invalid_field', 'send {"readKey": "<read key>"}', 'readKey');
    const checked = await auth.check(parsed.data.readKey.trim());
    if (!checked.ok) throw new ApiError(401, checked.code, checked.message);
    if (!checked.principal.scopes.includes('read')) throw new ApiError(403, 'scope_required', `the web app signs in with a key that has scope read; this one has ${checked.principal.scopes.join(', ')}${checked.principal.scopes.includes('collect') ? ' (a write key)' : ''}`);
    sessions.end(req);
    return reply.code(204).header('set-cookie', sessionCookies(sessions.create(checked.principal))).send();
  });

  app.post('/web/admin-session', async (req, reply) => {
    if (!opts.hostCheck(req.headers.host)) throw wrongHost(req.headers.host);
    const parsed = adminSignInSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw new ApiError(400, 'invalid_field', `send {"name": "...", "password": "..."} (${parsed.error.issues[0]?.path.join('.') || 'body'}: ${parsed.error.issues[0]?.message})`, String(parsed.error.issues[0]?.path[0] ?? 'name'));
    const { name, password } = parsed.data;
    const wait = throttle.retryAfterS(req.ip, name);
    if (wait !== null) {
      await recordAudit(state, { actor: `admin:${name}`, action: 'admin.sign-in', origin: req.ip, outcome: 'denied', detail: { throttled: true } });
      reply.header('retry-after', String(wait));
      throw new ApiError(429, 'too_many_sign_ins', `too many failed sign-ins for this name from this address; try again in ${wait} s`);
    }
    const admin = await getAdmin(state, name);
    // Hash even for an unknown name, so the answer takes as long either way.
    const ok = await verifyPassword(password, admin?.passwordHash ?? DUMMY_HASH);
    if (!admin || !ok) {
      throttle.failed(req.ip, name);
      await recordAudit(state, { actor: `admin:${name}`, action: 'admin.sign-in', origin: req.ip, outcome: 'denied' });
      throw new ApiError(401, 'invalid_admin', 'no admin with this name and password');
    }
    throttle.succeeded(req.ip, name);
    await recordAudit(state, { actor: `admin:${name}`, action: 'admin.sign-in', origin: req.ip });
    sessions.end(req);
    const principal: Principal = { actor: `admin:${name}`, keyId: null, scopes: ADMIN_SESSION_SCOPES, source: null, origins: null, admin: name };
    return reply.code(204).header('set-cookie', sessionCookies(sessions.create(principal))).send();
  });

  app.get('/web/session', async (req): Promise<WebSessionInfo> => {
    const p = sessions.principalOf(req);
    if (p?.keyId && !(await auth.keyStillValid(p.keyId))) return { scopes: [], admin: null };
    return { scopes: p ? [...p.scopes] : [], admin: p?.admin ?? null };
  });

  app.delete('/web/session', async (req, reply) => {
    const p = sessions.principalOf(req);
    if (p?.admin) await recordAudit(state, { actor: p.actor, action: 'admin.sign-out', origin: req.ip });
    sessions.end(req);
    return reply.code(204).header('set-cookie', clearedSessionCookies()).send();
  });

  // An address no route serves, asked for by a browser page load: the app shell with status 404,
  // so the app shows its own "not found" page with a way back instead of the API's JSON error.
  return (req, reply) => {
    if (!isPageLoad(req) || !opts.hostCheck(req.headers.host) || !existsSync(indexFile)) return false;
    void shell(req, reply.code(404));
    return true;
  };
}

/** Paths of the API and of files: a miss there stays the JSON error, whatever the client accepts. */
const NOT_PAGES = /^\/(v1|web|assets|analytics-next|docs|openapi\.json|health|analytics\.js|favicon\.ico)(\/|$|\?)/;

/** A GET of a page (the browser asks for HTML) outside the API's paths. */
const isPageLoad = (req: FastifyRequest) =>
  (req.method === 'GET' || req.method === 'HEAD') && !NOT_PAGES.test(req.url) && (req.headers.accept ?? '').includes('text/html');
