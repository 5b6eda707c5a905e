import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument, type OpenApiDocument } from '../openapi/build-document.js';
import { renderDocsPage } from '../openapi/render-docs-page.js';
import { ROUTE_CATALOGUE, TAGS } from '../openapi/route-catalogue.js';

/** A route as Fastify registered it. */
export interface RegisteredRoute {
  method: string;
  url: string;
}

const registered = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Every route registered on `app` after `openapiRoutes(app)` (the completeness test compares them with the document). */
export const registeredRoutes = (app: FastifyInstance): readonly RegisteredRoute[] => registered.get(app) ?? [];

/**
 * `GET /openapi.json` (the API as OpenAPI 3.1, from the route catalogue's zod schemas) and
 * `GET /docs/api` (the same as a self-contained page), both without a key: they describe the
 * API, not its data. Register before the other routes so the recorder sees them all.
 */
export function openapiRoutes(app: FastifyInstance, version: string): void {
  const routes: RegisteredRoute[] = [];
  registered.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });

  // Built on first use: converting every schema takes tens of milliseconds.
  let doc: OpenApiDocument | undefined;
  let page: string | undefined;
  const document = () => (doc ??= buildOpenApiDocument(ROUTE_CATALOGUE, TAGS, { version }));

  app.get('/openapi.json', async (_req, reply) => reply.header('cache-control', 'no-cache').send(document()));
  app.get('/docs/api', async (_req, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'")
      .send((page ??= renderDocsPage(document()))),
  );
}
