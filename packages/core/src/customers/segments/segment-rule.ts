import { z } from 'zod';
import { durationSchema } from '../../analytics/shared/duration.js';
import { eventMatcherSchema } from '../../analytics/shared/event-matcher.js';
import { comparisonShape, refineComparison } from '../../analytics/shared/property-filter.js';
import { SCORE_NAMES, type ScoreName } from '../scores/person-scores.js';

/** A segment's key: lower-case letters, digits, '-' and '_', as in a URL. */
export const segmentKeySchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a key is lower-case letters, digits, - and _, starting with a letter or digit');

/** Conditions in one rule, counted over the whole tree (a bound on the SQL it compiles to). */
export const MAX_RULE_CONDITIONS = 50;
/** Nesting of all / any / not. */
export const MAX_RULE_DEPTH = 8;

const isoInstant = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO-8601 date-time such as 2025-01-31T00:00:00Z');

/** The person's latest value of a trait (see `latestTraitValues`), compared as a property filter is. */
const traitCondition = z.object({ trait: z.string().min(1).max(200), ...comparisonShape }).strict().superRefine(refineComparison);

/** Did events matching `performed` at least `atLeast` (default 1) and at most `atMost` times, in the last `within` (else ever). */
const performedCondition = z
  .object({
    performed: eventMatcherSchema,
    atLeast: z.number().int().min(0).max(1_000_000).default(1),
    atMost: z.number().int().min(0).max(1_000_000).optional(),
    within: durationSchema.optional(),
  })
  .strict()
  .refine((c) => c.atMost === undefined || c.atMost >= c.atLeast, { path: ['atMost'], message: 'atMost must be at least atLeast' });

/** When the person's first (or last) event happened: before / at-or-after an instant, or within the last duration. */
const seenWindow = z
  .object({ before: isoInstant.optional(), after: isoInstant.optional(), within: durationSchema.optional() })
  .strict()
  .refine((w) => w.before !== undefined || w.after !== undefined || w.within !== undefined, 'give before, after or within');
const firstSeenCondition = z.object({ firstSeen: seenWindow }).strict();
const lastSeenCondition = z.object({ lastSeen: seenWindow }).strict();
const inSegmentCondition = z.object({ inSegment: segmentKeySchema }).strict();
/**
 * A saved computed trait's value as of the segment's instant, compared as a trait is. A numeric
 * trait (count, sum, …) is compared as a number by every op (eq 2 holds for 2.0; contains never
 * holds); a text trait as text; a unique_list only by is_set / is_not_set.
 */
const computedTraitCondition = z.object({ computedTrait: z.string().min(1).max(64), ...comparisonShape }).strict().superRefine(refineComparison);
const notInSegmentCondition = z.object({ notInSegment: segmentKeySchema }).strict();
/**
 * A person's stored model score (`person_scores`) from the latest complete scoring run, whatever
 * the segment's instant (only the latest run is kept). A numeric score (rfmR, clv, churnRisk, …)
 * is compared as a number by every op, as a numeric computed trait is; a text score (rfmGroup,
 * persona) as a trait's text is. A person the run did not score has no value (is_not_set holds).
 */
const scoreCondition = z.object({ score: z.enum(SCORE_NAMES), ...comparisonShape }).strict().superRefine(refineComparison);

export type TraitCondition = z.output<typeof traitCondition>;
export type PerformedCondition = z.output<typeof performedCondition>;
export type SeenWindow = z.output<typeof seenWindow>;
export type ComputedTraitCondition = z.output<typeof computedTraitCondition>;
export type ScoreCondition = z.output<typeof scoreCondition>;

/** A segment rule (the stored, parsed form: durations in milliseconds). */
export type SegmentRule =
  | TraitCondition
  | ComputedTraitCondition
  | ScoreCondition
  | PerformedCondition
  | { firstSeen: SeenWindow }
  | { lastSeen: SeenWindow }
  | { inSegment: string }
  | { notInSegment: string }
  | { all: SegmentRule[] }
  | { any: SegmentRule[] }
  | { not: SegmentRule };

/** The rule as sent (durations may be text such as "30d"). */
export type SegmentRuleInput = z.input<typeof traitCondition> | z.input<typeof computedTraitCondition> | z.input<typeof scoreCondition> | z.input<typeof performedCondition> | { firstSeen: z.input<typeof seenWindow> } | { lastSeen: z.input<typeof seenWindow> } | { inSegment: string } | { notInSegment: string } | { all: SegmentRuleInput[] } | { any: SegmentRuleInput[] } | { not: SegmentRuleInput };

const leaf = z.union([traitCondition, computedTraitCondition, scoreCondition, performedCondition, firstSeenCondition, lastSeenCondition, inSegmentCondition, notInSegmentCondition]);

export const segmentRuleSchema: z.ZodType<SegmentRule, SegmentRuleInput> = z
  .lazy(() =>
    z.union([
      z.object({ all: z.array(segmentRuleSchema).min(1).max(MAX_RULE_CONDITIONS) }).strict(),
      z.object({ any: z.array(segmentRuleSchema).min(1).max(MAX_RULE_CONDITIONS) }).strict(),
      z.object({ not: segmentRuleSchema }).strict(),
      leaf,
    ]),
  )
  .superRefine((rule, ctx) => {
    const { conditions, depth } = ruleSize(rule);
    if (conditions > MAX_RULE_CONDITIONS) ctx.addIssue({ code: 'custom', message: `a rule may hold at most ${MAX_RULE_CONDITIONS} conditions, this one holds ${conditions}` });
    if (depth > MAX_RULE_DEPTH) ctx.addIssue({ code: 'custom', message: `all / any / not may nest at most ${MAX_RULE_DEPTH} deep, this rule nests ${depth}` });
  }) as z.ZodType<SegmentRule, SegmentRuleInput>;

/** Leaf conditions and all/any/not nesting of a rule. */
export function ruleSize(rule: SegmentRule): { conditions: number; depth: number } {
  if ('all' in rule || 'any' in rule) {
    const parts = ('all' in rule ? rule.all : rule.any).map(ruleSize);
    return { conditions: parts.reduce((s, p) => s + p.conditions, 0), depth: 1 + Math.max(0, ...parts.map((p) => p.depth)) };
  }
  if ('not' in rule) {
    const p = ruleSize(rule.not);
    return { conditions: p.conditions, depth: p.depth + 1 };
  }
  return { conditions: 1, depth: 0 };
}

/** Keys of the saved segments a rule refers to (directly). */
export function referencedSegments(rule: SegmentRule): string[] {
  if ('all' in rule) return rule.all.flatMap(referencedSegments);
  if ('any' in rule) return rule.any.flatMap(referencedSegments);
  if ('not' in rule) return referencedSegments(rule.not);
  if ('inSegment' in rule) return [rule.inSegment];
  if ('notInSegment' in rule) return [rule.notInSegment];
  return [];
}

/** Keys of the saved computed traits a rule compares (directly; not through saved segments). */
export function referencedComputedTraits(rule: SegmentRule): string[] {
  if ('all' in rule) return rule.all.flatMap(referencedComputedTraits);
  if ('any' in rule) return rule.any.flatMap(referencedComputedTraits);
  if ('not' in rule) return referencedComputedTraits(rule.not);
  if ('computedTrait' in rule) return [rule.computedTrait];
  return [];
}

/** The model scores a rule compares (directly; not through saved segments), each once. */
export function referencedScores(rule: SegmentRule): ScoreName[] {
  const walk = (r: SegmentRule): ScoreName[] => {
    if ('all' in r) return r.all.flatMap(walk);
    if ('any' in r) return r.any.flatMap(walk);
    if ('not' in r) return walk(r.not);
    if ('score' in r) return [r.score];
    return [];
  };
  return [...new Set(walk(rule))];
}

/**
 * `realtime`: the rule looks only at events and traits, so membership changes only when data
 * arrives (recomputed after each load). `batch`: some condition is relative to now (`within`),
 * so membership also changes as time passes (recomputed on a timer as well); a score condition is
 * batch too, its values change when a scoring run completes, not when events arrive. A rule that
 * refers to a batch segment is batch.
 */
export function ruleTiming(rule: SegmentRule, resolve: (key: string) => SegmentRule | undefined = () => undefined, seen: ReadonlySet<string> = new Set()): 'realtime' | 'batch' {
  if ('all' in rule || 'any' in rule) return ('all' in rule ? rule.all : rule.any).some((r) => ruleTiming(r, resolve, seen) === 'batch') ? 'batch' : 'realtime';
  if ('not' in rule) return ruleTiming(rule.not, resolve, seen);
  if ('within' in rule && rule.within !== undefined) return 'batch';
  // A computed trait may have a window or count days since: recomputed on the timer too.
  if ('computedTrait' in rule) return 'batch';
  // A stored score changes when a scoring run completes: recomputed on the timer.
  if ('score' in rule) return 'batch';
  if ('firstSeen' in rule) return rule.firstSeen.within !== undefined ? 'batch' : 'realtime';
  if ('lastSeen' in rule) return rule.lastSeen.within !== undefined ? 'batch' : 'realtime';
  const key = 'inSegment' in rule ? rule.inSegment : 'notInSegment' in rule ? rule.notInSegment : null;
  if (key !== null && !seen.has(key)) {
    const r = resolve(key);
    if (r) return ruleTiming(r, resolve, new Set([...seen, key]));
  }
  return 'realtime';
}

/** A rule that refers, through saved segments, back to itself; names the path ("a → b → a"). */
export class SegmentCycleError extends Error {
  constructor(readonly path: string[]) {
    super(`segments refer to each other in a cycle: ${path.join(' → ')}`);
  }
}
/** A rule that refers to a segment that does not exist. */
export class UnknownSegmentError extends Error {
  constructor(readonly key: string) {
    super(`no saved segment has the key ${JSON.stringify(key)}`);
  }
}

/** A rule that compares a computed trait that is not saved. */
export class UnknownComputedTraitError extends Error {
  constructor(readonly key: string) {
    super(`no saved computed trait has the key ${JSON.stringify(key)}`);
  }
}

/** Check that every referenced segment exists and nothing refers back to `self` (or loops). */
export function checkReferences(rule: SegmentRule, resolve: (key: string) => SegmentRule | undefined, self?: string): void {
  const walk = (r: SegmentRule, path: string[]) => {
    for (const key of referencedSegments(r)) {
      if (path.includes(key)) throw new SegmentCycleError([...path, key]);
      const next = resolve(key);
      if (!next) throw new UnknownSegmentError(key);
      walk(next, [...path, key]);
    }
  };
  walk(rule, self ? [self] : []);
}
