import type { FastifyError, FastifyRequest } from 'fastify';
import { maskPiiInText, maskValue } from '@trailmap/core';

/**
 * The logger's serializers: a request's URL, an error's message and stack, and the client address
 * with every value the PII classifiers flag masked, so a log line never holds an email, a card…
 * (docs/privacy.md#pii-detection-and-masking). Keys with personal data are also redacted by path.
 */
export const piiSafeSerializers = {
  req(req: FastifyRequest) {
    return { method: req.method, url: maskPiiInText(req.url), hostname: req.hostname, remoteAddress: req.ip ? maskValue(req.ip, 'ip') : undefined };
  },
  err(err: FastifyError) {
    return {
      type: err?.constructor?.name ?? 'Error',
      message: maskPiiInText(String(err?.message ?? err)),
      stack: maskPiiInText(err?.stack ?? ''),
      ...(err?.code !== undefined ? { code: err.code } : {}),
      ...(err?.statusCode !== undefined ? { statusCode: err.statusCode } : {}),
    };
  },
};

/** Keys whose values are personal data wherever they sit in a log line's fields. */
export const PII_REDACT_PATHS = ['*.traits.email', '*.traits.phone', '*.traits.name', '*.traits.firstName', '*.traits.lastName', '*.email', '*.phone', '*.ip'];
