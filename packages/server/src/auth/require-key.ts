import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.js';
import type { ApiKeys } from './keys.js';

/**
 * Keys are checked once, by the scope hook (auth/scope-hook.ts), against the scope each route
 * declares in the route catalogue. These remain as a second line in handlers: they refuse a
 * request the hook did not admit (a route registered without going through it).
 */
export function requireReadKey(req: FastifyRequest, _keys?: ApiKeys): void {
  if (!req.principal) throw new ApiError(401, 'missing_key', 'this route needs a key (Authorization: Bearer <key>)');
}

/** See requireReadKey. */
export function requireWriteKeyOrSession(req: FastifyRequest, _keys?: ApiKeys): void {
  requireReadKey(req);
}
