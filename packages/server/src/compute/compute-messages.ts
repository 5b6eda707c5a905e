import type { ComputeKind } from './compute-jobs.js';

/** The pool → worker message: run one job. */
export interface ComputeRequestMessage {
  id: number;
  kind: ComputeKind;
  input: unknown;
}

/** An error thrown by a job, as it crosses the thread boundary (zod issues kept, so a ZodError stays a 400). */
export interface SerializedComputeError {
  name: string;
  message: string;
  stack?: string;
  issues?: unknown[];
}

/** The worker → pool messages: ready after start, then one answer per job. */
export type ComputeReplyMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SerializedComputeError };
