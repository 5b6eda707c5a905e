import type { z } from 'zod';
import { apiErrorBodySchema } from './answer-schemas.js';
import { rehomeRefs, toJsonSchema, type JsonSchema } from './json-schema.js';
import type { ApiScope } from '@trailmap/core';
import { isRawBody, KEY_KIND_LABEL, scopeOfKind, type ErrorDoc, type KeyKind, type RawBody, type RouteDoc } from './route-doc.js';

/** The parts of an OpenAPI 3.1 document this builder writes (and the docs page reads). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
}

export interface OpenApiOperation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security: Array<Record<string, string[]>>;
  'x-key-kind': KeyKind;
  /** The key scope the route needs (null: no key). */
  'x-scope': ApiScope | null;
  parameters?: Array<{ name: string; in: 'path' | 'query'; required: boolean; description?: string; schema: JsonSchema }>;
  requestBody?: { required: boolean; description?: string; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; 'x-error-codes'?: string[]; content?: Record<string, { schema?: JsonSchema }> }>;
}

const SECURITY: Record<KeyKind, Array<Record<string, string[]>>> = {
  collect: [{ writeKey: [] }, { bearerKey: [] }],
  read: [{ bearerKey: [] }, { webSession: [] }],
  admin: [{ bearerKey: [] }, { webSession: [] }],
  privacy: [{ bearerKey: [] }, { webSession: [] }],
  'collect-or-session': [{ writeKey: [] }, { bearerKey: [] }, { webSession: [] }],
  none: [],
};

/** What the scope hook (auth/scope-hook.ts) answers when the key is missing, unknown, revoked, expired or lacks the scope. */
const KEY_ERRORS: ErrorDoc[] = [{ status: 401, codes: ['missing_key', 'invalid_key', 'key_revoked', 'key_expired'] }, { status: 403, codes: ['scope_required'] }];
const AUTH_ERRORS: Record<KeyKind, ErrorDoc[]> = {
  collect: [...KEY_ERRORS, { status: 403, codes: ['origin_not_allowed'] }],
  read: KEY_ERRORS,
  admin: KEY_ERRORS,
  privacy: KEY_ERRORS,
  'collect-or-session': KEY_ERRORS,
  none: [],
};

const STATUS_TEXT: Record<number, string> = { 400: 'Bad request', 401: 'No valid key', 403: 'Forbidden', 404: 'Not found', 415: 'Unsupported Content-Encoding', 421: 'Not this server\'s host name', 500: 'Internal error (nothing in the request was acknowledged)', 503: 'Over the compute budget, or every worker busy (Retry-After)' };

const ERROR_REF = { $ref: '#/components/schemas/ApiError' };

/** `post /v1/analytics/{name}` → `postV1AnalyticsName`. */
const operationIdOf = (r: RouteDoc) =>
  r.method + r.path.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');

/** The OpenAPI 3.1 document of `routes` (pure: the same routes give the same document). */
export function buildOpenApiDocument(
  routes: readonly RouteDoc[],
  tags: ReadonlyArray<{ name: string; description: string }>,
  opts: { version: string },
): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = {};
  const convert = (s: z.ZodType, io: 'input' | 'output', owner: string): JsonSchema => {
    const { schema, defs } = toJsonSchema(s, io);
    for (const [k, v] of Object.entries(defs)) schemas[`${owner}_${k}`] = rehomeRefs(v, `${owner}_`);
    return rehomeRefs(schema, `${owner}_`);
  };
  schemas.ApiError = convert(apiErrorBodySchema, 'output', 'ApiError');

  const paths: OpenApiDocument['paths'] = {};
  const ids = new Set<string>();
  for (const r of routes) {
    const id = operationIdOf(r);
    if (ids.has(id)) throw new Error(`two documented routes share the operation id ${id} (${r.method} ${r.path})`);
    ids.add(id);
    const parameters = [...pathParameters(r), ...(r.query ? queryParameters(convert(r.query, 'input', id), r.params ?? {}) : [])];
    const responses: OpenApiOperation['responses'] = {};
    const ok = r.success ?? { description: 'OK' };
    const okStatus = ok.status ?? 200;
    responses[String(okStatus)] = {
      description: ok.description,
      ...(okStatus === 204 ? {} : { content: answerContent(ok.schema, (s) => convert(s, 'output', id)) }),
    };
    for (const [status, e] of mergeErrors(r)) {
      const custom = e.schemas.map((s) => convert(s, 'output', id));
      responses[String(status)] = {
        description: `${STATUS_TEXT[status] ?? 'Error'}: ${e.codes.join(', ')}`,
        'x-error-codes': e.codes,
        content: { 'application/json': { schema: custom.length === 0 ? ERROR_REF : { anyOf: [ERROR_REF, ...custom] } } },
      };
    }
    const op: OpenApiOperation = {
      operationId: id,
      tags: [r.tag],
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      security: SECURITY[r.auth],
      'x-key-kind': r.auth,
      'x-scope': scopeOfKind(r.auth),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(r.body ? { requestBody: requestBody(r.body, (s) => convert(s, 'input', id)) } : {}),
      responses,
    };
    (paths[r.path] ??= {})[r.method] = op;
  }

  const used = new Set(routes.map((r) => r.tag));
  const known = new Set(tags.map((t) => t.name));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trailmap API',
      version: opts.version,
      description: [
        'Collect Segment-format events, read merged profiles, run journey analytics and decide what to fix.',
        'Every error answers `{"error": {"code", "message", "field"?}}`: `code` is stable, `field` names the field at fault (e.g. `steps[1].event`).',
        'Keys have scopes (collect, read, admin, privacy); each operation names the one it needs (`x-scope`) and a key does exactly what its scopes allow: no key is 401 missing_key, an unknown, revoked or expired one 401 invalid_key / key_revoked / key_expired, a key without the scope 403 scope_required (the message names the scope).',
      ].join('\n\n'),
    },
    tags: [...tags.filter((t) => used.has(t.name)), ...[...used].filter((t) => !known.has(t)).map((name) => ({ name }))],
    paths,
    components: {
      schemas,
      securitySchemes: {
        writeKey: { type: 'http', scheme: 'basic', description: 'A key with scope collect as the Basic-auth user with an empty password (what Segment SDKs send); or "writeKey" in the JSON body.' },
        bearerKey: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer <key>; the key needs the operation\'s scope (x-scope).' },
        webSession: { type: 'apiKey', in: 'cookie', name: 'trailmap_session', description: 'The web app\'s HttpOnly session (when the server serves the web app): same-origin requests to this server\'s host name only; a request other than GET must also echo the trailmap_csrf cookie in the x-trailmap-csrf header (else 403 csrf_token_missing).' },
      },
    },
  };
}

function pathParameters(r: RouteDoc): NonNullable<OpenApiOperation['parameters']> {
  return [...r.path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => ({
    name: name!,
    in: 'path' as const,
    required: true,
    ...(r.params?.[name!] ? { description: r.params[name!] } : {}),
    schema: { type: 'string' },
  }));
}

function queryParameters(object: JsonSchema, notes: Record<string, string>): NonNullable<OpenApiOperation['parameters']> {
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries((object.properties ?? {}) as Record<string, JsonSchema>).map(([name, schema]) => {
    const description = notes[name] ?? (typeof schema.description === 'string' ? schema.description : undefined);
    return { name, in: 'query' as const, required: required.has(name), ...(description ? { description } : {}), schema };
  });
}

function requestBody(body: z.ZodType | RawBody, convert: (s: z.ZodType) => JsonSchema): NonNullable<OpenApiOperation['requestBody']> {
  if (isRawBody(body)) {
    const schema = body.schema ? convert(body.schema) : { type: 'string', contentMediaType: body.contentType };
    return { required: true, description: body.description, content: { [body.contentType]: { schema } } };
  }
  // Routes parse `req.body ?? {}`: a body is only required when `{}` is not a valid one.
  return { required: !body.safeParse({}).success, content: { 'application/json': { schema: convert(body) } } };
}

function answerContent(answer: z.ZodType | RawBody | undefined, convert: (s: z.ZodType) => JsonSchema): Record<string, { schema?: JsonSchema }> {
  if (answer === undefined) return { 'application/json': {} };
  if (isRawBody(answer)) return { [answer.contentType]: { schema: { type: 'string', description: answer.description } } };
  return { 'application/json': { schema: convert(answer) } };
}

/** A route's errors by status: its own, its key's, the JSON body's, and 500. */
function mergeErrors(r: RouteDoc): Array<[number, { codes: string[]; schemas: z.ZodType[] }]> {
  const all: ErrorDoc[] = [...r.errors, ...AUTH_ERRORS[r.auth]];
  if (r.body) {
    const json = !isRawBody(r.body) || r.body.schema !== undefined;
    // What http/json-body.ts refuses before a route runs (any content type is read as JSON, gzip/deflate inflated).
    if (json) all.push({ status: 400, codes: ['invalid_json', 'invalid_encoding', 'invalid_body', 'batch_too_large'] }, { status: 415, codes: ['unsupported_encoding'] });
    else all.push({ status: 400, codes: ['batch_too_large'] });
  }
  // With the web app served, a non-GET request carrying the session cookie must echo its CSRF token (web/register-web.ts).
  if (r.method !== 'get') all.push({ status: 403, codes: ['csrf_token_missing'] });
  all.push({ status: 500, codes: ['internal'] });
  const by = new Map<number, { codes: string[]; schemas: z.ZodType[] }>();
  for (const e of all) {
    const entry = by.get(e.status) ?? { codes: [], schemas: [] };
    for (const c of e.codes) if (!entry.codes.includes(c)) entry.codes.push(c);
    if (e.schema && !entry.schemas.includes(e.schema)) entry.schemas.push(e.schema);
    by.set(e.status, entry);
  }
  return [...by].sort(([a], [b]) => a - b);
}
