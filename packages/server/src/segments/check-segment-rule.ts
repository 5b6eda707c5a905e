import { checkReferences, SegmentCycleError, UnknownSegmentError, type SegmentRule } from '@trailmap/core';

/**
 * Why a rule cannot be saved under `self` next to the saved `rules` (a reference to a missing
 * segment, or a cycle back to itself), or null when it can.
 */
export function segmentRuleProblem(rule: SegmentRule, rules: ReadonlyMap<string, SegmentRule>, self?: string): string | null {
  try {
    checkReferences(rule, (k) => (k === self ? rule : rules.get(k)), self);
    return null;
  } catch (e) {
    if (e instanceof SegmentCycleError || e instanceof UnknownSegmentError) return e.message;
    throw e;
  }
}
