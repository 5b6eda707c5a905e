import { z } from 'zod';
import { segmentKeySchema, segmentRuleSchema, type SegmentRule } from '../../customers/segments/segment-rule.js';
import { segmentAsOfSchema } from './person-filter.js';

/**
 * A break-down by segment, shared by the analyses that offer one (funnel, retention):
 * `{ segment: key }` (a saved segment) or `{ segment: label, rule }` (an ad hoc rule), giving the
 * groups "in" and "not in" (membership as of `asOf`; the server resolves a saved key to its rule
 * and fills `asOf` with the request time, see `resolveDefinitionSegments`).
 */
export const segmentBreakdownSchema = z.object({ segment: segmentKeySchema, rule: segmentRuleSchema.optional(), asOf: segmentAsOfSchema.optional() }).strict();
export type SegmentBreakdown = z.infer<typeof segmentBreakdownSchema>;

/** The breakdown groups of a segment breakdown. */
export const SEGMENT_BREAKDOWN_GROUPS = { in: 'in', out: 'not in' } as const;
export type SegmentBreakdownGroup = (typeof SEGMENT_BREAKDOWN_GROUPS)[keyof typeof SEGMENT_BREAKDOWN_GROUPS];

/** A resolved segment breakdown's rule (a saved key must have been resolved by the server first). */
export function segmentBreakdownRule(b: SegmentBreakdown): SegmentRule {
  if (!b.rule) throw new Error(`the breakdown names the saved segment ${JSON.stringify(b.segment)}: resolve it first (resolveDefinitionSegments)`);
  return b.rule;
}

/** A resolved segment breakdown's instant in ms. */
export function segmentBreakdownAsOf(b: SegmentBreakdown): number {
  if (b.asOf === undefined) throw new Error('a segment breakdown needs asOf once resolved (resolveDefinitionSegments fills it)');
  return Date.parse(b.asOf);
}
