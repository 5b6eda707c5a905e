import type { AfterDeleteRule, PrivacyRequestType, PrivacyStatus } from './privacy-request.js';

/**
 * The named steps of a request, in order. Each is idempotent (running it again after it finished,
 * or after a crash in its middle, ends in the same state), so a runner resumes at the first step
 * not recorded as done.
 *  - resolve: the person graph of the named ids (identities, person ids, emails) is fixed and kept,
 *    encrypted, for the later steps (the warehouse rows it was read from go in `warehouse`);
 *  - suppress / unsuppress: the ids' keyed hashes are put on / taken off the suppression list;
 *  - warehouse: rows naming them leave every table (received at or before the request);
 *  - files: the collection log, upload and earlier access exports are rewritten without their lines;
 *  - state: segment memberships and journey notes naming them leave the state store;
 *  - compact: the engines' files are rewritten so the deleted bytes are gone;
 *  - export: the access document is written.
 */
export const PRIVACY_STEPS = ['resolve', 'suppress', 'unsuppress', 'export', 'warehouse', 'files', 'state', 'compact'] as const;
export type PrivacyStep = (typeof PRIVACY_STEPS)[number];

/** The steps a request runs, in order. */
export function stepsFor(type: PrivacyRequestType, then: AfterDeleteRule | null): PrivacyStep[] {
  switch (type) {
    case 'access':
      return ['resolve', 'export'];
    case 'delete':
      return then === 'new-person' ? ['resolve', 'warehouse', 'files', 'state', 'compact'] : ['resolve', 'suppress', 'warehouse', 'files', 'state', 'compact'];
    case 'suppress':
      return ['resolve', 'suppress'];
    case 'unsuppress':
      return ['resolve', 'unsuppress'];
  }
}

export interface PrivacyProgress {
  status: PrivacyStatus;
  stepsDone: readonly PrivacyStep[];
}

/** The next step to run, or null when every step is done. */
export function nextStep(steps: readonly PrivacyStep[], progress: PrivacyProgress): PrivacyStep | null {
  if (progress.status === 'completed' || progress.status === 'failed') return null;
  return steps.find((s) => !progress.stepsDone.includes(s)) ?? null;
}

/** The state after a step finished: running, or completed once it was the last. */
export function afterStep(steps: readonly PrivacyStep[], progress: PrivacyProgress, done: PrivacyStep): PrivacyProgress {
  const stepsDone = progress.stepsDone.includes(done) ? [...progress.stepsDone] : [...progress.stepsDone, done];
  return { status: steps.every((s) => stepsDone.includes(s)) ? 'completed' : 'running', stepsDone };
}
