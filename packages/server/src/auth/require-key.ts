import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/api-error.js';
import type { ApiKeys } from './keys.js';

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Segment's rule: the write key is the Basic-auth user with an empty password, or `writeKey` in the body. */
export function requireWriteKey(req: FastifyRequest, keys: ApiKeys, bodyWriteKey: unknown): void {
  const auth = req.headers.authorization;
  let key: string | undefined;
  if (auth?.startsWith('Basic ')) {
    const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
    key = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
  } else if (typeof bodyWriteKey === 'string') {
    key = bodyWriteKey;
  } else if (auth?.startsWith('Bearer ')) {
    key = auth.slice(7);
  }
  if (!key) throw new ApiError(401, 'missing_write_key', 'send the write key as the HTTP Basic user (empty password) or as "writeKey" in the body');
  if (same(key, keys.readKey)) throw new ApiError(403, 'wrong_key_kind', 'this is the read key; collection needs the write key');
  if (!same(key, keys.writeKey)) throw new ApiError(401, 'invalid_write_key', 'the write key is not valid');
}

/**
 * Queries and profiles need `Authorization: Bearer <read key>`; a write key cannot read. The web
 * app's same-origin requests may instead carry its session cookie (see web/register-web.ts).
 */
export function requireReadKey(req: FastifyRequest, keys: ApiKeys): void {
  const auth = req.headers.authorization;
  if (auth === undefined && req.webReadKey && same(req.webReadKey, keys.readKey)) return;
  if (!auth?.startsWith('Bearer ')) throw new ApiError(401, 'missing_read_key', 'send the read key as "Authorization: Bearer <key>"');
  const key = auth.slice(7).trim();
  if (same(key, keys.writeKey)) throw new ApiError(403, 'wrong_key_kind', 'a write key cannot read; use the read key');
  if (!same(key, keys.readKey)) throw new ApiError(401, 'invalid_read_key', 'the read key is not valid');
}

/**
 * File uploads: the write key (as for collection), or the web app's local session. The session
 * is the operator's own browser on a loopback server, and the data page imports files; a read
 * key sent as Bearer is not enough.
 */
export function requireWriteKeyOrSession(req: FastifyRequest, keys: ApiKeys): void {
  if (req.headers.authorization === undefined && req.webReadKey && same(req.webReadKey, keys.readKey)) return;
  requireWriteKey(req, keys, undefined);
}
