import { z } from 'zod';

const days = z.number().int().min(1).max(36_500);

/**
 * One retention rule: events older than `days` (by their own timestamp) are deleted, of one event
 * (the event's label: a track's event, a page or screen's name, else its type), of one source, of
 * both, or — with neither — every event.
 */
export const retentionRuleSchema = z
  .object({
    event: z.string().min(1).max(200).optional(),
    source: z.string().min(1).max(200).optional(),
    days,
  })
  .strict();
export type RetentionRule = z.infer<typeof retentionRuleSchema>;

/**
 * `retention` in trailmap.config.json (docs/privacy.md#retention). Every rule that matches an
 * event applies, so the shortest wins; quarantine rows by the time they were received; the
 * audit log by the time of the line. Absent: nothing is deleted.
 */
export const retentionConfigSchema = z
  .object({
    events: z.array(retentionRuleSchema).max(200).default([]),
    quarantineDays: days.optional(),
    auditDays: days.optional(),
    /** Run every this many hours inside `trailmap start` (default daily); 0 = only on demand. */
    everyHours: z.number().min(0).max(24 * 31).default(24),
  })
  .strict();
export type RetentionConfig = z.output<typeof retentionConfigSchema>;

const DAY_MS = 86_400_000;

/** A rule's cut-off at `now`: rows strictly older are deleted. */
export const retentionCutoff = (rule: { days: number }, now: number): Date => new Date(now - rule.days * DAY_MS);

/** What one run deleted (counts only: a retention result names no person). */
export interface RetentionRunResult {
  ranAt: string;
  events: Array<RetentionRule & { before: string; deleted: number }>;
  quarantine: { before: string; deleted: number } | null;
  audit: { before: string; deleted: number } | null;
  /** What compaction could not do (empty: the deleted rows' bytes are gone). */
  compaction: string[];
}

/** `GET /v1/retention`: the rules in force and the last run (null before the first). */
export interface RetentionAnswer {
  config: RetentionConfig;
  lastRun: RetentionRunResult | null;
}

/** A rule in words, for the CLI and logs: "Page Viewed from web older than 90 days". */
export function describeRetentionRule(r: RetentionRule): string {
  const what = r.event ? JSON.stringify(r.event) : 'every event';
  return `${what}${r.source ? ` from source ${JSON.stringify(r.source)}` : ''} older than ${r.days} day${r.days === 1 ? '' : 's'}`;
}
