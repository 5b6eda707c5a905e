import type { z } from 'zod';
import { ApiError } from './api-error.js';

/** The first zod issue as a 400 naming the field (`steps[1].event`), the rest in the message. */
export function invalidDefinition(error: z.ZodError, what: string): ApiError {
  const path = (p: readonly PropertyKey[]) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
  const first = error.issues[0];
  const all = error.issues.slice(0, 5).map((i) => `${path(i.path) || what}: ${i.message}`);
  return new ApiError(400, 'invalid_definition', `invalid ${what}: ${all.join('; ')}`, first ? path(first.path) || undefined : undefined);
}
