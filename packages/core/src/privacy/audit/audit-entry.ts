import { z } from 'zod';

/**
 * One line of the audit log: who did what, when, from where. It never holds personal data: a
 * person is named by `personRef` (a keyed hash with the project salt), a key by its id, a
 * data-subject request by its id; `origin` is the request's IP address (the operator's, not a
 * data subject's), and `detail` carries counts and ids only.
 */
export const AUDIT_OUTCOMES = ['ok', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEntry {
  /** Increasing with each append: the log's order and the cursor for the next page. */
  id: number;
  at: string;
  /** `key:<keyId>`, `admin:<name>`, `web-session`, `cli`, `server` (a scheduled job). */
  actor: string;
  /** Dotted: `key.create`, `privacy.delete`, `profile.read`, `audit.retention` … */
  action: string;
  target: string | null;
  origin: string | null;
  outcome: AuditOutcome;
  detail: Record<string, unknown>;
}

/** What a caller appends; the log sets `id` and `at`. */
export interface AuditInput {
  actor: string;
  action: string;
  target?: string | null;
  origin?: string | null;
  outcome?: AuditOutcome;
  detail?: Record<string, unknown>;
}

const instant = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'expected an ISO 8601 date or instant, e.g. 2026-12-01 or 2026-12-01T08:00:00Z' });

/** `GET /v1/audit` and `trailmap audit`: filters (exact actor/target, action or an `action.` prefix), newest first, paged by `before`. */
export const auditQuerySchema = z
  .object({
    since: instant.optional(),
    until: instant.optional(),
    actor: z.string().min(1).max(200).optional(),
    action: z.string().min(1).max(100).optional(),
    target: z.string().min(1).max(200).optional(),
    outcome: z.enum(AUDIT_OUTCOMES).optional(),
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** `GET /v1/audit`: one page, newest first; `next` is the `before` of the following page (null at the end). */
export interface AuditAnswer {
  entries: AuditEntry[];
  next: number | null;
}
