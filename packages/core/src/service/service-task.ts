import { z } from 'zod';

/** Where a service task came from: a journey step, one of the proactive triggers, or a person. */
export const SERVICE_TASK_SOURCES = ['journey', 'negative_sentiment', 'failed_payment', 'repeated_contacts', 'churn_risk', 'lifecycle', 'manual'] as const;
export type ServiceTaskSource = (typeof SERVICE_TASK_SOURCES)[number];

export const SERVICE_TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type ServiceTaskPriority = (typeof SERVICE_TASK_PRIORITIES)[number];

export const SERVICE_TASK_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type ServiceTaskStatus = (typeof SERVICE_TASK_STATUSES)[number];

/** One service task as the API answers it (GET /v1/tasks, /v1/tasks/:id). */
export interface ServiceTask {
  id: string;
  /** Unique: a trigger or a journey step that runs twice finds the first task instead of making a second. */
  dedupeKey: string;
  personId: string;
  title: string;
  detail: Record<string, unknown>;
  source: ServiceTaskSource;
  priority: ServiceTaskPriority;
  /** A team or agent (the routing's answer, or an assignment); null = unassigned. */
  owner: string | null;
  status: ServiceTaskStatus;
  dueAt: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  resolution: string | null;
  journeyId: string | null;
  runId: string | null;
  stepId: string | null;
}

/** What creates a task (a trigger's proposal, a journey step, a person). */
export interface NewServiceTask {
  dedupeKey: string;
  personId: string;
  title: string;
  source: ServiceTaskSource;
  priority?: ServiceTaskPriority;
  owner?: string | null;
  /** An ISO instant, ms since the epoch (a journey effect's dueAt) or a Date. */
  dueAt?: string | number | Date | null;
  detail?: Record<string, unknown>;
  journeyId?: string | null;
  runId?: string | null;
  stepId?: string | null;
  /** Default: the database's now(). */
  createdAt?: string | number | Date;
}

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(z.enum(values)).min(1).max(values.length));

/** `GET /v1/tasks`: filters (comma lists for status, priority, source), newest first, paged by offset. */
export const serviceTaskQuerySchema = z
  .object({
    /** Default: open and in_progress. */
    status: csv(SERVICE_TASK_STATUSES).optional(),
    priority: csv(SERVICE_TASK_PRIORITIES).optional(),
    source: csv(SERVICE_TASK_SOURCES).optional(),
    /** Exactly this owner; `none` = unassigned. */
    owner: z.string().min(1).max(200).optional(),
    person: z.string().min(1).max(200).optional(),
    /** `true`: only tasks not closed whose due time has passed. */
    overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type ServiceTaskQuery = z.output<typeof serviceTaskQuerySchema>;

const instant = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), { message: 'expected an ISO 8601 instant, e.g. 2026-12-01T08:00:00Z' });

/** `PATCH /v1/tasks/:id`: assign, re-prioritise, start, set the due time (closing has its own route). */
export const serviceTaskPatchSchema = z
  .object({
    owner: z.string().trim().min(1).max(200).nullable().optional(),
    priority: z.enum(SERVICE_TASK_PRIORITIES).optional(),
    status: z.enum(['open', 'in_progress']).optional(),
    dueAt: instant.nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'name at least one of owner, priority, status, dueAt' });
export type ServiceTaskPatch = z.output<typeof serviceTaskPatchSchema>;

/** `POST /v1/tasks/:id/close`. */
export const serviceTaskCloseSchema = z.object({ resolution: z.string().trim().min(1).max(2000) }).strict();
export type ServiceTaskClose = z.output<typeof serviceTaskCloseSchema>;

/** `GET /v1/tasks`: one page; `total` counts every match. */
export interface ServiceTaskListAnswer {
  tasks: ServiceTask[];
  total: number;
  limit: number;
  offset: number;
}

/** `POST /v1/tasks/scan` and each scheduled scan: what it found and made. */
export interface ServiceScanResult {
  ranAt: string;
  /** Signals read since this instant (the previous scan's, less an overlap); null on the first scan. */
  since: string | null;
  proposed: number;
  created: number;
  /** Proposals per source, and how many of them were new tasks. */
  bySource: Partial<Record<ServiceTaskSource, { proposed: number; created: number }>>;
}

/** Whether a task not closed is past its due time at `now`. */
export const isServiceTaskOverdue = (t: Pick<ServiceTask, 'status' | 'dueAt'>, now: number): boolean =>
  t.status !== 'closed' && t.dueAt !== null && Date.parse(t.dueAt) < now;
