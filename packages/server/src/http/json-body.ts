import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { MAX_BATCH_BYTES } from '@trailmap/core';
import { ApiError } from './api-error.js';
import { bodyEncoding, readBody } from './content-encoding.js';

/** A request body as bytes: gzip or deflate inflated first; the 500 KB limit applies to the decompressed body. */
function requestBytes(req: FastifyRequest, payload: Readable): Promise<Buffer> {
  let encoding;
  try {
    encoding = bodyEncoding(req.headers['content-encoding']);
  } catch (e) {
    return Promise.reject(e as Error);
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  return readBody(payload, encoding, Number.isNaN(declared) ? 0 : declared, MAX_BATCH_BYTES);
}

/**
 * Parse JSON ourselves so malformed bodies get a clear 400 that says where parsing failed. Any
 * content type is read as JSON (the browser SDK sends `text/plain` to avoid a preflight).
 */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (req, payload, done) => {
    requestBytes(req, payload).then((buffer) => {
      const text = buffer.toString('utf8');
      if (text.trim() === '') return done(new ApiError(400, 'invalid_json', 'the request body is empty; send a JSON object'), undefined);
      try {
        done(null, JSON.parse(text));
      } catch (e) {
        done(new ApiError(400, 'invalid_json', `the request body is not valid JSON: ${(e as Error).message}`), undefined);
      }
    }, (e: Error) => done(e, undefined));
  });
}

/**
 * The body as bytes, unparsed (collection routes parse on their parsing threads), with the same
 * encodings and limit as `registerJsonBody`. Register inside the routes' own plugin context.
 */
export function registerRawBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (req, payload, done) => {
    requestBytes(req, payload).then((buffer) => done(null, buffer), (e: Error) => done(e, undefined));
  });
}
