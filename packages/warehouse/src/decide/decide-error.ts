import type { DecideIssue, Result } from '@trailmap/core';

/** A decide request refused for what it asked (see DecideIssue): the CLI prints it, the server answers 400. */
export class DecideRequestError extends Error {
  readonly code: DecideIssue['code'];
  readonly field: string | undefined;
  constructor(issue: DecideIssue) {
    super(issue.message);
    this.code = issue.code;
    this.field = issue.field;
  }
}

/** A twin simulation refused for its interventions or options (kept as its own class: the CLI catches it). */
export class TwinRequestError extends DecideRequestError {}

/** The value of a computation, or its issue thrown as a DecideRequestError (TwinRequestError for the twin's). */
export function unwrapDecide<T>(r: Result<T, DecideIssue>): T {
  if (r.ok) return r.value;
  throw r.error.code === 'invalid_intervention' ? new TwinRequestError(r.error) : new DecideRequestError(r.error);
}
