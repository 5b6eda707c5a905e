import type { z } from 'zod';

/**
 * Which key a route needs. `read` also accepts the web app's same-origin session cookie
 * (see auth/require-key.ts); `write-or-session` is the file upload's rule.
 */
export const KEY_KINDS = ['write', 'read', 'write-or-session', 'none'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** How the docs name each key kind. */
export const KEY_KIND_LABEL: Record<KeyKind, string> = {
  write: 'write key (HTTP Basic user, empty password; or "writeKey" in the body)',
  read: 'read key (Authorization: Bearer), or the web app\'s session cookie',
  'write-or-session': 'write key (HTTP Basic), or the web app\'s session cookie',
  none: 'no key',
};

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
