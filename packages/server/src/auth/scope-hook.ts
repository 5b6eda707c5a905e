import type { ApiScope } from '@trailmap/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.js';
import { fastifyRouteOf, scopeOfKind, type KeyKind, type RouteDoc } from '../openapi/route-doc.js';
import type { Authorizer, Principal } from './authorizer.js';

const HOW: Record<ApiScope, string> = {
  collect: 'as the HTTP Basic user (empty password), as "writeKey" in the body, or as "Authorization: Bearer <key>"',
  read: 'as "Authorization: Bearer <key>"',
  admin: 'as "Authorization: Bearer <key>" (or sign in to the web app as an admin)',
  privacy: 'as "Authorization: Bearer <key>" (or sign in to the web app as an admin)',
};

const basicUser = (auth: string) => {
  const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
  return decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
};

/** The scope each route needs, by `METHOD /fastify/route`, from the route catalogue (one declaration per route). */
export function routeAccess(routes: readonly RouteDoc[]): Map<string, KeyKind> {
  const access = new Map<string, KeyKind>();
  for (const r of routes) {
    const key = `${r.method.toUpperCase()} ${fastifyRouteOf(r)}`;
    const seen = access.get(key);
    if (seen !== undefined && seen !== r.auth) throw new Error(`${key} is documented with two scopes (${seen}, ${r.auth})`);
    access.set(key, r.auth);
  }
  return access;
}

/**
 * The one place keys are checked: before every handler, the route's declared scope (route
 * catalogue) decides. No key: 401 missing_key; unknown, revoked or expired: 401 invalid_key /
 * key_revoked / key_expired; a key or session without the scope: 403 scope_required, naming it.
 * A `/v1/` route without a declared scope is refused (403 scope_undeclared): nothing is open by
 * mistake. Collection may carry its key as `writeKey` in the body, which only its handler
 * parses: it calls `admitCollectBody`.
 */
export function registerScopeHook(app: FastifyInstance, auth: Authorizer, routes: readonly RouteDoc[]): void {
  const access = routeAccess(routes);
  app.decorateRequest('principal', null);
  app.addHook('preHandler', async (req) => {
    const url = req.routeOptions.url;
    if (!url || req.method === 'OPTIONS') return;
    const kind = access.get(`${req.method === 'HEAD' ? 'GET' : req.method} ${url}`);
    if (kind === undefined) {
      if (url.startsWith('/v1/')) throw new ApiError(403, 'scope_undeclared', `${req.method} ${url} declares no scope in the route catalogue; it is refused until it does`);
      return;
    }
    const scope = scopeOfKind(kind);
    if (scope === null) return;
    const header = req.headers.authorization;
    let secret: string | undefined;
    if (header?.startsWith('Bearer ')) secret = header.slice(7).trim();
    else if (header?.startsWith('Basic ') && scope === 'collect') secret = basicUser(header);
    if (secret) return admit(req, auth, secret, scope);
    if (header !== undefined) throw new ApiError(401, 'missing_key', `this route needs a key with scope ${scope}, sent ${HOW[scope]}`);
    const session = req.webSession;
    if (session && kind !== 'collect') return admitSession(req, auth, session, kind, scope);
    // Collection's key may be in the body (Segment's `writeKey`): its handler checks it.
    if (kind === 'collect') return;
    throw new ApiError(401, 'missing_key', `this route needs a key with scope ${scope}, sent ${HOW[scope]}`);
  });
}

async function admitSession(req: FastifyRequest, auth: Authorizer, session: Principal, kind: KeyKind, scope: ApiScope): Promise<void> {
  if (session.keyId && !(await auth.keyStillValid(session.keyId))) {
    throw new ApiError(401, 'key_revoked', 'the key this web session signed in with was revoked; sign in again');
  }
  if (kind !== 'collect-or-session' && !session.scopes.includes(scope)) {
    throw new ApiError(403, 'scope_required', `this needs scope ${scope}; the web session has ${session.scopes.join(', ')}${session.admin ? '' : ' (sign in as an admin)'}`);
  }
  req.principal = session;
}

/** Check a key secret for `scope` and make it the request's principal (with its use counted). */
export async function admit(req: FastifyRequest, auth: Authorizer, secret: string, scope: ApiScope): Promise<void> {
  const checked = await auth.check(secret);
  if (!checked.ok) throw new ApiError(401, checked.code, checked.message);
  const p = checked.principal;
  if (!p.scopes.includes(scope)) throw new ApiError(403, 'scope_required', `this route needs a key with scope ${scope}; this key has ${p.scopes.join(', ')}`);
  if (scope === 'collect' && p.origins) {
    const origin = req.headers.origin;
    // Browsers always send Origin on a cross-origin POST; server-side senders send none and are not refused.
    if (origin !== undefined && !p.origins.includes(origin)) throw new ApiError(403, 'origin_not_allowed', `this key collects only from ${p.origins.join(', ')}; not from ${origin}`);
  }
  req.principal = p;
  if (p.keyId) auth.usage.note(p.keyId, scope);
}

/** Collection without a key in the headers: the body's `writeKey`, else 401 missing_key. */
export async function admitCollectBody(req: FastifyRequest, auth: Authorizer, bodyKey: unknown): Promise<void> {
  if (req.principal) return;
  if (typeof bodyKey !== 'string' || bodyKey === '') throw new ApiError(401, 'missing_key', `collection needs a key with scope collect, sent ${HOW.collect}`);
  await admit(req, auth, bodyKey, 'collect');
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request acts as, once the scope hook admitted it (null on routes that need no key). */
    principal: Principal | null;
  }
}
