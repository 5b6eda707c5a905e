import { z } from 'zod';
import { eventMatcherSchema } from '../shared/event-matcher.js';
import { personFilterSchema } from '../shared/person-filter.js';
import { timeRangeSchema } from '../shared/time-range.js';

/** Regex constructs RE2 (DuckDB, ClickHouse) does not have, while JavaScript does: refused up front. */
const NOT_RE2 = /\(\?<?[=!]|\\[1-9]|\\k</;

/**
 * A pattern for a cleaning rule. Patterns run in RE2 in the engines and as a JavaScript `u`
 * regex in the reference, so only the common ground is accepted: valid JavaScript, no
 * lookaround or backreferences, and no pattern that matches empty text (it would insert the
 * label between every character, and engines differ on empty matches).
 */
export const cleaningPatternSchema = z
  .string()
  .min(1)
  .max(500)
  .superRefine((s, ctx) => {
    let re: RegExp;
    try {
      re = new RegExp(s, 'u');
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(e as Error).message}` });
      return;
    }
    if (NOT_RE2.test(s)) ctx.addIssue({ code: 'custom', message: 'lookaround and backreferences are not supported (patterns use RE2 syntax)' });
    else if (re.test('')) ctx.addIssue({ code: 'custom', message: 'the pattern matches empty text; make it match at least one character' });
  });

/**
 * Path cleaning (PostHog's idea): every match of `regex` in a node label is replaced by
 * `label` (taken literally; no backslash, which ClickHouse's replacement syntax cannot keep
 * literal before a digit). Rules apply in order, each to the result of the previous one,
 * before exclusions and before consecutive repeats are collapsed.
 */
export const cleaningRuleSchema = z
  .object({ regex: cleaningPatternSchema, label: z.string().max(200).refine((s) => !s.includes('\\'), { message: 'a cleaning label cannot contain a backslash' }) }).strict();
export type CleaningRule = z.infer<typeof cleaningRuleSchema>;

/**
 * A paths (flows) question. Within each session (30 minutes of inactivity splits sessions),
 * track, page and screen events (not identify, alias, group) become steps labelled by touchpoint or event label; consecutive repeats collapse.
 * - only `start` (or neither: the session's first step): steps after the first step matching
 *   `start` in the session, up to `depth` steps;
 * - only `end`: the steps before the first step matching `end` in the session, up to `depth`;
 * - both: from the first `start` to the first `end` after it, when at most `depth` steps apart.
 * `exclude` drops events whose (cleaned) label is listed, as if they were never tracked.
 * `countBy: 'person'` counts distinct people instead of paths: a node's count is the people
 * with a path through it, an edge's the people taking it, a drop-off the people with a path
 * ending there, `totalPaths` the people with any path (so a node's count can be less than its
 * edges and drop-off summed, when one person's sessions went different ways).
 * The chart's edges: per step (the moves from depth d to d + 1), the fewest edges, largest first,
 * that carry at least `coverage` of that step's moves (1: every edge), plus the largest outgoing
 * edge of every node drawn, so no drawn node that goes on in the data is drawn as a dead end;
 * `top` (optional) caps the edges drawn (largest first). What is left out is counted
 * (`otherEdges`, `otherCount` of `flow`). `topPaths` (0: none) asks for the most common
 * complete paths: each session's window of steps, in order.
 */
export const pathsSchema = z
  .object({
    start: eventMatcherSchema.optional(),
    end: eventMatcherSchema.optional(),
    depth: z.number().int().min(1).max(10).default(5),
    by: z.enum(['touchpoint', 'event']).default('touchpoint'),
    cleaning: z.array(cleaningRuleSchema).max(20).default([]),
    exclude: z.array(z.string().max(200)).max(200).default([]),
    coverage: z.number().gt(0).max(1).default(0.8),
    top: z.number().int().min(1).max(1000).optional(),
    topPaths: z.number().int().min(0).max(100).default(0),
    /** What a count counts: paths (one per session with an anchor) or distinct people. */
    countBy: z.enum(['session', 'person']).default('session'),
    range: timeRangeSchema.optional(),
    segment: personFilterSchema.optional(),
  })
  .strict();
export type PathsDefinition = z.output<typeof pathsSchema>;
export type PathsInput = z.input<typeof pathsSchema>;

/** after: steps following the start; before: steps leading to the end; between: start to end. */
export type PathsMode = 'after' | 'before' | 'between';
export const pathsMode = (d: Pick<PathsDefinition, 'start' | 'end'>): PathsMode => (d.end ? (d.start ? 'between' : 'before') : 'after');
