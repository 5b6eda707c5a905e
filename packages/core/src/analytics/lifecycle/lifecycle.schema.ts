import { z } from 'zod';
import { eventMatcherSchema } from '../shared/event-matcher.js';
import { personFilterSchema } from '../shared/person-filter.js';
import { timeRangeSchema } from '../shared/time-range.js';
import { periodUnitSchema } from '../retention/period-index.js';

/**
 * Lifecycle (PostHog's definition): per period, the people active (doing a matching event) split
 * into new, returning and resurrecting, and the dormant ones who were active the period before.
 * `range` picks the periods reported; activity before it still decides who is new.
 */
export const lifecycleSchema = z
  .object({
    event: eventMatcherSchema.default({}),
    period: periodUnitSchema.default('week'),
    range: timeRangeSchema.optional(),
    segment: personFilterSchema.optional(),
  })
  .strict();
export type LifecycleDefinition = z.output<typeof lifecycleSchema>;

/** Stickiness: how many days of each week (or month) people are active, and DAU relative to period actives. */
export const stickinessSchema = z
  .object({
    event: eventMatcherSchema.default({}),
    period: z.enum(['week', 'month']).default('week'),
    range: timeRangeSchema.optional(),
    segment: personFilterSchema.optional(),
  })
  .strict();
export type StickinessDefinition = z.output<typeof stickinessSchema>;
