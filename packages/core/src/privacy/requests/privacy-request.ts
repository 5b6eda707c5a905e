import { z } from 'zod';

/** What a data subject may ask (GDPR art. 15/17/21, CCPA 1798.100/105/120, PIPL art. 45/47). */
export const PRIVACY_REQUEST_TYPES = ['access', 'delete', 'suppress', 'unsuppress'] as const;
export type PrivacyRequestType = (typeof PRIVACY_REQUEST_TYPES)[number];

/** The law the request is answered under; it sets the deadline (privacy-deadline.ts). */
export const PRIVACY_REGIMES = ['gdpr', 'ccpa', 'pipl'] as const;
export type PrivacyRegime = (typeof PRIVACY_REGIMES)[number];

/** What happens to events for a deleted person's ids that arrive after the request. */
export const AFTER_DELETE_RULES = ['suppress', 'new-person'] as const;
export type AfterDeleteRule = (typeof AFTER_DELETE_RULES)[number];

const id = z.string().min(1).max(1000);

/** The body of `POST /v1/privacy/requests` (and the CLI's flags, parsed the same way). */
export const privacyRequestInputSchema = z
  .object({
    type: z.enum(PRIVACY_REQUEST_TYPES),
    userId: id.optional(),
    anonymousId: id.optional(),
    email: z.string().min(3).max(320).includes('@', { message: 'must be an email address' }).optional(),
    regime: z.enum(PRIVACY_REGIMES).default('gdpr'),
    /** delete only: later events for the person's ids are dropped (`suppress`, the default) or start a new person. */
    then: z.enum(AFTER_DELETE_RULES).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.userId === undefined && v.anonymousId === undefined && v.email === undefined) {
      ctx.addIssue({ code: 'custom', path: ['userId'], message: 'name the person: userId, anonymousId or email' });
    }
    if (v.then !== undefined && v.type !== 'delete') ctx.addIssue({ code: 'custom', path: ['then'], message: 'then applies to delete requests only' });
  });
export type PrivacyRequestInput = z.input<typeof privacyRequestInputSchema>;
export type PrivacyRequestParsed = z.output<typeof privacyRequestInputSchema>;

/** The ids a request names (personal data: held encrypted while the request runs, erased at its end). */
export interface PrivacySubject {
  userId?: string;
  anonymousId?: string;
  email?: string;
}

export const PRIVACY_STATUSES = ['received', 'running', 'completed', 'failed'] as const;
export type PrivacyStatus = (typeof PRIVACY_STATUSES)[number];

/**
 * What a finished request did, without personal data: counts only (the access document itself
 * is a file of its own, see `PrivacyRequestAnswer.download`).
 */
export interface PrivacyResultSummary {
  /** How many identities (userIds and anonymousIds) the person's graph held. */
  identities: number;
  /** Persons (graph components) acted on. */
  people: number;
  /** Rows removed (delete) or exported (access) per table / place, e.g. `events`, `ingest-log`, `state.segment_memberships`. */
  rows: Record<string, number>;
  /** delete: the rule for later events. */
  then?: AfterDeleteRule;
  /** suppress / delete with then=suppress: identities now on the suppression list (unsuppress: taken off). */
  suppressed?: number;
  /** What could not be done, said plainly (e.g. a PostgreSQL server's own WAL is out of reach). */
  notes: string[];
}

/** One request as the API answers it (`GET /v1/privacy/requests/:id`); no personal data. */
export interface PrivacyRequestAnswer {
  id: string;
  type: PrivacyRequestType;
  regime: PrivacyRegime;
  status: PrivacyStatus;
  receivedAt: string;
  /** The date the law wants an answer by (ISO, end of that day UTC). */
  deadline: string;
  /** The steps finished so far, in order (privacy-steps.ts names them). */
  stepsDone: string[];
  /** The steps this request runs. */
  steps: string[];
  completedAt: string | null;
  result: PrivacyResultSummary | null;
  error: string | null;
  /** access, once completed: where the document is downloaded (`GET …/:id/document`). */
  download: string | null;
}

export interface PrivacyRequestList {
  requests: PrivacyRequestAnswer[];
}

/** Collection's counter of events dropped because their ids are suppressed (since the server started and in total). */
export interface SuppressionCounts {
  suppressedIds: number;
  droppedSinceStart: number;
  droppedTotal: number;
}
