import { ApiError } from '../http/api-error.js';

/** A job ran past the compute budget and its worker was stopped (503: the server would not finish it in time). */
export class ComputeBudgetError extends ApiError {
  constructor(readonly budgetMs: number) {
    super(
      503,
      'compute_budget_exceeded',
      `the computation ran longer than the ${budgetMs} ms compute budget (TRAILMAP_COMPUTE_BUDGET_MS) and was stopped; ask for less (fewer draws, samples, interventions or key touchpoints, a shorter range or a narrower segment)`,
    );
  }
}

/** Every worker is busy and the queue is full: retry after `retryAfterS` seconds (the `Retry-After` header). */
export class ComputeBusyError extends ApiError {
  constructor(
    readonly queued: number,
    readonly retryAfterS: number,
  ) {
    super(503, 'compute_busy', `every compute worker is busy and ${queued} computations are already waiting; retry after ${retryAfterS} s`);
  }
}

/** A job failed inside the worker for a reason of its own (a bug, or the worker died): a 500. */
export class ComputeJobError extends Error {
  constructor(
    message: string,
    readonly workerStack?: string,
  ) {
    super(message);
    this.name = 'ComputeJobError';
  }
}
