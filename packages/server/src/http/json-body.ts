import type { FastifyInstance } from 'fastify';
import { MAX_BATCH_BYTES } from '@trailmap/core';
import { ApiError } from './api-error.js';
import { bodyEncoding, readBody } from './content-encoding.js';

/**
 * Parse JSON ourselves so malformed bodies get a clear 400 that says where parsing failed. Any
 * content type is read as JSON (the browser SDK sends `text/plain` to avoid a preflight), and a
 * gzip or deflate body is inflated first; the 500 KB limit applies to the decompressed body.
 */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (req, payload, done) => {
    let encoding;
    try {
      encoding = bodyEncoding(req.headers['content-encoding']);
    } catch (e) {
      return done(e as Error, undefined);
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    readBody(payload, encoding, Number.isNaN(declared) ? 0 : declared, MAX_BATCH_BYTES).then((buffer) => {
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
