import type { z } from 'zod';

/**
 * The scope a route needs (the one place routes declare it; auth/scope-hook.ts enforces it for
 * every request): a key with that scope (Bearer; collection also takes the Basic user or
 * `writeKey` in the body, as Segment sends it), or the web app's session when the session has
 * that scope. `collect-or-session` is the file upload's rule: a `collect` key or any web session.
 */
export const KEY_KINDS = ['collect', 'read', 'admin', 'privacy', 'collect-or-session', 'none'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** How the docs name each key kind. */
export const KEY_KIND_LABEL: Record<KeyKind, string> = {
  collect: 'a key with scope collect (HTTP Basic user, empty password; or "writeKey" in the body; or Bearer)',
  read: 'a key with scope read (Authorization: Bearer), or the web app\'s session cookie',
  admin: 'a key with scope admin (Authorization: Bearer), or the web app\'s admin session',
  privacy: 'a key with scope privacy (Authorization: Bearer), or the web app\'s admin session',
  'collect-or-session': 'a key with scope collect (HTTP Basic or Bearer), or the web app\'s session cookie',
  none: 'no key',
};

/** The key scope a route kind needs (null: none). */
export const scopeOfKind = (k: KeyKind) => (k === 'none' ? null : k === 'collect-or-session' ? 'collect' : k);

/** One status a route can answer with an error body, and the `error.code`s it carries. */
export interface ErrorDoc {
  status: number;
  codes: readonly string[];
  /** A body other than the plain `{error:{code,message,field?}}` (e.g. collection's rejection report). */
  schema?: z.ZodType;
}

/** A request or answer body that is not JSON (a file, a script, a text/plain beacon). */
export interface RawBody {
  contentType: string;
  description: string;
  /** JSON carried in a non-JSON content type (the browser SDK's text/plain beacons). */
  schema?: z.ZodType;
}

/** One operation of the HTTP API, as documented at /openapi.json and /docs/api. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: `/v1/profiles/{id}`. */
  path: string;
  /**
   * The Fastify route that serves it when it differs from `path` with `{x}` → `:x` (each
   * `/v1/analytics/<name>` is served by `/v1/analytics/:name`).
   */
  route?: string;
  tag: string;
  summary: string;
  description?: string;
  auth: KeyKind;
  /** A short description of each path parameter (values are strings) and query parameter, by name. */
  params?: Record<string, string>;
  /** The zod object the route parses `req.query` with. */
  query?: z.ZodObject;
  /** The zod schema the route parses the JSON body with, or a non-JSON body. */
  body?: z.ZodType | RawBody;
  /** The success status (default 200) and its body, where a schema exists. */
  success?: { status?: number; description: string; schema?: z.ZodType | RawBody };
  errors: readonly ErrorDoc[];
}

export const isRawBody = (b: z.ZodType | RawBody): b is RawBody => typeof (b as RawBody).contentType === 'string';

/** The Fastify route pattern serving a documented operation. */
export const fastifyRouteOf = (r: Pick<RouteDoc, 'path' | 'route'>) => r.route ?? r.path.replace(/\{([^}]+)\}/g, ':$1');
