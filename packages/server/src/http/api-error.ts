import { maskPiiInText } from '@trailmap/core';

/** The JSON error body every endpoint returns: `{ "error": { "code", "message", "field"? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
  /** The answer's body; a value in the message that the PII classifiers flag is masked (docs/privacy.md#pii-detection-and-masking). */
  body(): ApiErrorBody {
    return { error: { code: this.code, message: maskPiiInText(this.message), ...(this.field ? { field: this.field } : {}) } };
  }
}
