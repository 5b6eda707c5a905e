import { SegmentCycleError, UnknownSegmentError, type SegmentRule } from './segment-rule.js';

/**
 * The rule with every `inSegment` / `notInSegment` replaced by the saved segment's own rule
 * (`{ not: rule }` for notInSegment), recursively, so it compiles without a resolver. Equivalent
 * to the original under `segmentMembersReference` (both evaluate the saved rule as of the same
 * instant, over the same people). A cycle throws `SegmentCycleError`, an unknown key
 * `UnknownSegmentError`.
 */
export function inlineSegments(rule: SegmentRule, resolve: (key: string) => SegmentRule | undefined, path: readonly string[] = []): SegmentRule {
  if ('all' in rule) return { all: rule.all.map((r) => inlineSegments(r, resolve, path)) };
  if ('any' in rule) return { any: rule.any.map((r) => inlineSegments(r, resolve, path)) };
  if ('not' in rule) return { not: inlineSegments(rule.not, resolve, path) };
  if (!('inSegment' in rule) && !('notInSegment' in rule)) return rule;
  const key = 'inSegment' in rule ? rule.inSegment : rule.notInSegment;
  if (path.includes(key)) throw new SegmentCycleError([...path, key]);
  const saved = resolve(key);
  if (!saved) throw new UnknownSegmentError(key);
  const inner = inlineSegments(saved, resolve, [...path, key]);
  return 'inSegment' in rule ? inner : { not: inner };
}
