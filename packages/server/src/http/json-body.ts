import type { FastifyInstance } from 'fastify';
import { MAX_BATCH_BYTES } from '@trailmap/core';
import { ApiError } from './api-error.js';

/** Parse JSON ourselves so malformed bodies get a clear 400 that says where parsing failed. */
export function registerJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_BATCH_BYTES }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(new ApiError(400, 'invalid_json', 'the request body is empty; send a JSON object'));
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new ApiError(400, 'invalid_json', `the request body is not valid JSON: ${(e as Error).message}`));
    }
  });
}
