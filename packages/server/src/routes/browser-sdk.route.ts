import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Authorizer } from '../auth/authorizer.js';
import { sdkSettings } from '../collect/sdk-settings.js';
import { ApiError } from '../http/api-error.js';
import type { CollectionCors } from '../http/cors.js';

/** analytics-next's standalone (script-tag) build and the chunks it loads next to it. */
const UMD_DIR = join(dirname(createRequire(import.meta.url).resolve('@segment/analytics-next/package.json')), 'dist', 'umd');
const CHUNK = /^[\w-]+\.bundle\.[0-9a-f]+\.js$/;
const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

interface Script {
  plain: Buffer;
  gzip: Buffer;
}
const loadScript = (name: string): Script => ({ plain: readFileSync(join(UMD_DIR, name)), gzip: readFileSync(join(UMD_DIR, `${name}.gz`)) });

function sendScript(req: FastifyRequest, reply: FastifyReply, script: Script, maxAge: number) {
  reply.header('content-type', 'application/javascript; charset=utf-8');
  reply.header('cache-control', `public, max-age=${maxAge}`);
  reply.header('vary', 'Accept-Encoding');
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    reply.header('content-encoding', 'gzip');
    return reply.send(script.gzip);
  }
  return reply.send(script.plain);
}

/**
 * What a website's browser SDK loads from here instead of Segment's CDN: the settings document
 * (`cdnURL` + `/v1/projects/<writeKey>/settings`), `/analytics.js` (analytics-next's standalone
 * build, for the script-tag snippet) and the chunks that build loads from `<_cdn>/analytics-next/bundles/`.
 * All public: the write key is in every page that sends events.
 */
export function browserSdkRoutes(app: FastifyInstance, auth: Authorizer, cors: CollectionCors, publicUrl?: string): void {
  const publicBase = publicUrl ? new URL(publicUrl) : undefined;
  const standalone = loadScript('standalone.js');
  const chunks = new Map(readdirSync(UMD_DIR).filter((f) => CHUNK.test(f)).map((f) => [f, loadScript(f)] as const));

  app.get<{ Params: { writeKey: string } }>('/v1/projects/:writeKey/settings', { onRequest: cors.allow }, async (req, reply) => {
    const writeKey = req.params.writeKey;
    const checked = await auth.check(writeKey);
    if (!checked.ok || !checked.principal.scopes.includes('collect')) {
      throw new ApiError(404, 'unknown_write_key', 'no key with scope collect has this secret (revoked or rotated keys neither); use a collect key (`trailmap keys list`, the Data page)');
    }
    reply.header('cache-control', 'public, max-age=60');
    // Events go where browsers reach this server: TRAILMAP_PUBLIC_URL, else the host they asked.
    if (publicBase) {
      const path = publicBase.pathname.replace(/\/+$/, '');
      return sdkSettings(writeKey, `${publicBase.host}${path}/v1`, publicBase.protocol === 'https:' ? 'https' : 'http');
    }
    const host = req.host;
    if (!HOST.test(host)) throw new ApiError(400, 'invalid_host', 'the Host header is not a host[:port]');
    return sdkSettings(writeKey, `${host}/v1`, req.protocol === 'https' ? 'https' : 'http');
  });
  app.options('/v1/projects/:writeKey/settings', cors.preflight);

  app.get('/analytics.js', { onRequest: cors.allow }, async (req, reply) => sendScript(req, reply, standalone, 300));
  app.get<{ Params: { file: string } }>('/analytics-next/bundles/:file', { onRequest: cors.allow }, async (req, reply) => {
    const chunk = chunks.get(req.params.file);
    if (!chunk) throw new ApiError(404, 'not_found', `no analytics-next chunk named ${req.params.file}`);
    // Chunk names carry their content hash.
    return sendScript(req, reply, chunk, 31_536_000);
  });
}
