import { z } from 'zod';
import { durationSchema } from '../shared/duration.js';
import { eventMatcherSchema, toList, type EventMatcher } from '../shared/event-matcher.js';
import { personFilterSchema } from '../shared/person-filter.js';
import { segmentBreakdownSchema } from '../shared/segment-breakdown.js';
import { SESSION_GAP_MS } from '../shared/sessions.js';
import { timeRangeSchema } from '../shared/time-range.js';
import { periodUnitSchema } from '../retention/period-index.js';

export const FUNNEL_ORDERS = ['sequential', 'strict', 'any'] as const;
export type FunnelOrder = (typeof FUNNEL_ORDERS)[number];

/**
 * An exclusion: an event matching `step` that occurs after funnel step `from` and before step
 * `to` (1-based, from < to) of an entity's conversion removes that entity from the funnel
 * (PostHog's semantics; see docs/analytics/funnels.md for the exact time bounds).
 */
export const funnelExclusionSchema = z
  .object({ step: eventMatcherSchema, from: z.number().int().min(1), to: z.number().int().min(2) })
  .strict()
  .refine((x) => x.from < x.to, { message: '"from" must be a step before "to"', path: ['to'] });
export type FunnelExclusion = z.infer<typeof funnelExclusionSchema>;

/**
 * Break the funnel down by an event property (its value on the step-1 event), a person trait
 * (latest value), or a segment (see `segmentBreakdownSchema`: the groups "in" and "not in").
 */
export const funnelBreakdownSchema = z.union([
  z.object({ property: z.string().min(1).max(200) }).strict(),
  z.object({ trait: z.string().min(1).max(200) }).strict(),
  segmentBreakdownSchema,
]);
export type FunnelBreakdown = z.infer<typeof funnelBreakdownSchema>;

/**
 * A funnel question: ordered steps (each an event matcher, OR of events plus property filters),
 * a conversion window counted from the step-1 event, an order mode, optional exclusions,
 * breakdown, counting unit (person or session), time range, segment and over-time interval.
 * `dropOffStep: n` also lists the people who reached step n-1 but not step n.
 */
export const funnelSchema = z
  .object({
    steps: z.array(eventMatcherSchema).min(2).max(20),
    /** Display names of the steps (default: derived from each matcher). */
    stepNames: z.array(z.string().min(1).max(200)).max(20).optional(),
    window: durationSchema.default(14 * 86_400_000),
    order: z.enum(FUNNEL_ORDERS).default('sequential'),
    exclusions: z.array(funnelExclusionSchema).max(10).default([]),
    breakdown: funnelBreakdownSchema.optional(),
    /** Largest number of breakdown values returned (by entered count, then value). */
    breakdownLimit: z.number().int().min(1).max(500).default(25),
    countBy: z.enum(['person', 'session']).default('person'),
    sessionGap: durationSchema.default(SESSION_GAP_MS),
    range: timeRangeSchema.optional(),
    segment: personFilterSchema.optional(),
    interval: periodUnitSchema.default('day'),
    dropOffStep: z.number().int().min(2).optional(),
    dropOffLimit: z.number().int().min(1).max(10_000).default(100),
  })
  .strict()
  .superRefine((d, ctx) => {
    const n = d.steps.length;
    if (d.stepNames && d.stepNames.length !== n) ctx.addIssue({ code: 'custom', path: ['stepNames'], message: `needs one name per step (${n})` });
    d.exclusions.forEach((x, i) => {
      if (x.to > n) ctx.addIssue({ code: 'custom', path: ['exclusions', i, 'to'], message: `the funnel has ${n} steps` });
    });
    if (d.dropOffStep !== undefined && d.dropOffStep > n) ctx.addIssue({ code: 'custom', path: ['dropOffStep'], message: `the funnel has ${n} steps` });
    if (d.order === 'any' && d.exclusions.length > 0) ctx.addIssue({ code: 'custom', path: ['exclusions'], message: 'exclusions need an ordered funnel (order "sequential" or "strict")' });
  });
export type FunnelDefinition = z.output<typeof funnelSchema>;
export type FunnelInput = z.input<typeof funnelSchema>;

/** A readable name for a step: its event names joined by " | ", else its touchpoint/channel/stage, else "any event". */
export function stepName(m: EventMatcher): string {
  const parts = toList(m.event) ?? toList(m.touchpoint) ?? toList(m.channel) ?? toList(m.stage);
  const base = parts ? parts.join(' | ') : 'any event';
  return m.where && m.where.length > 0 ? `${base} (filtered)` : base;
}

export const stepNames = (d: FunnelDefinition): string[] => d.stepNames ?? d.steps.map(stepName);
