import { z } from 'zod';
import { segmentKeySchema, segmentRuleSchema, type SegmentRule } from './segment-rule.js';

/** A saved segment as the API answers it. */
export interface SavedSegment {
  id: string;
  key: string;
  name: string;
  description: string;
  rule: SegmentRule;
  /** realtime: recomputed after each load of new data; batch: also on a timer (see ruleTiming). */
  timing: 'realtime' | 'batch';
  /** Members at the last recompute (null before the first). */
  size: number | null;
  /** When membership was last recomputed (null before the first). */
  refreshedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST /v1/segments`. */
export const segmentCreateSchema = z
  .object({
    key: segmentKeySchema,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).default(''),
    rule: segmentRuleSchema,
  })
  .strict();
export type SegmentCreate = z.output<typeof segmentCreateSchema>;

/** `PATCH /v1/segments/:key`: any of name, description, rule. */
export const segmentPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(2000).optional(),
    rule: segmentRuleSchema.optional(),
  })
  .strict()
  .refine((p) => p.name !== undefined || p.description !== undefined || p.rule !== undefined, 'give name, description or rule');
export type SegmentPatch = z.output<typeof segmentPatchSchema>;

/** `POST /v1/segments/preview`: how many people a rule holds before it is saved. */
export const segmentPreviewSchema = z
  .object({
    rule: segmentRuleSchema,
    /** The instant to evaluate at (default: now). */
    asOf: z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO-8601 date-time').optional(),
    sample: z.number().int().min(0).max(100).default(10),
  })
  .strict();

export interface SegmentPreview {
  count: number;
  sample: string[];
  timing: 'realtime' | 'batch';
  asOf: string;
}

/** One person's time in a segment. */
export interface SegmentMembership {
  personId: string;
  enteredAt: string;
  exitedAt: string | null;
}

/** A saved segment a person is in now (the profile's `segments`). */
export interface PersonSegment {
  key: string;
  name: string;
  enteredAt: string;
}

/** `GET /v1/segments/:key/members`. */
export interface SegmentMembersAnswer {
  key: string;
  total: number;
  members: SegmentMembership[];
  refreshedAt: string | null;
}

/** `GET /v1/segments/:key/size`: members at the end of each day (from the membership history). */
export interface SegmentSizeAnswer {
  key: string;
  days: Array<{ day: string; size: number; entered: number; exited: number }>;
}

/** `GET /v1/segments/overlap?a=&b=`. */
export interface SegmentOverlapAnswer {
  a: { key: string; size: number };
  b: { key: string; size: number };
  both: number;
  /** both ÷ size of the union (null when both are empty). */
  jaccard: number | null;
}
