import { z } from 'zod';
import { eventMatcherSchema } from '../shared/event-matcher.js';
import { personFilterSchema } from '../shared/person-filter.js';
import { segmentBreakdownSchema } from '../shared/segment-breakdown.js';
import { timeRangeSchema } from '../shared/time-range.js';
import { periodUnitSchema } from './period-index.js';

/**
 * A cohort retention question. People enter the cohort of the period of their start event
 * (`first_time`: their first-ever matching event; `any`: every period with a matching event,
 * PostHog's "recurring"); period k counts those who did a return event k periods later
 * (`on`: in exactly period k; `on_or_after`: in k or any later period, "unbounded").
 * `range` bounds the start events (and the data looked at); `segment` filters people;
 * `breakdown: { segment }` also gives one grid per group ("in" / "not in" the segment as of its `asOf`).
 */
export const retentionSchema = z
  .object({
    start: eventMatcherSchema.default({}),
    startMode: z.enum(['first_time', 'any']).default('first_time'),
    return: eventMatcherSchema.default({}),
    period: periodUnitSchema.default('week'),
    periods: z.number().int().min(1).max(120).default(12),
    mode: z.enum(['on', 'on_or_after']).default('on'),
    range: timeRangeSchema.optional(),
    segment: personFilterSchema.optional(),
    breakdown: segmentBreakdownSchema.optional(),
  })
  .strict();
export type RetentionDefinition = z.output<typeof retentionSchema>;
export type RetentionInput = z.input<typeof retentionSchema>;
