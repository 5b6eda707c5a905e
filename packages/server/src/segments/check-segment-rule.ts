import { checkComputedTraitComparison, checkReferences, ComputedTraitComparisonError, referencedComputedTraits, SegmentCycleError, UnknownComputedTraitError, UnknownSegmentError, type ComputedTraitDefinition, type SegmentRule } from '@trailmap/core';

/**
 * Why a rule cannot be saved under `self` next to the saved `rules` (a reference to a missing
 * segment, or a cycle back to itself; a computed trait that is not saved in `traits`, or compared
 * in a way its values cannot be), or null when it can.
 */
export function segmentRuleProblem(rule: SegmentRule, rules: ReadonlyMap<string, SegmentRule>, self?: string, traits: ReadonlyMap<string, ComputedTraitDefinition> = new Map()): string | null {
  try {
    checkReferences(rule, (k) => (k === self ? rule : rules.get(k)), self);
    const walk = (r: SegmentRule): void => {
      if ('all' in r) return r.all.forEach(walk);
      if ('any' in r) return r.any.forEach(walk);
      if ('not' in r) return walk(r.not);
      if (!('computedTrait' in r)) return;
      const def = traits.get(r.computedTrait);
      if (!def) throw new UnknownComputedTraitError(r.computedTrait);
      checkComputedTraitComparison(def, r);
    };
    if (referencedComputedTraits(rule).length) walk(rule);
    return null;
  } catch (e) {
    if (e instanceof SegmentCycleError || e instanceof UnknownSegmentError || e instanceof UnknownComputedTraitError || e instanceof ComputedTraitComparisonError) return e.message;
    throw e;
  }
}
