import { NUMERIC_AGGREGATES, type ComputedTraitDefinition, type ComputedTraitValue } from '../computed-traits/computed-trait.schema.js';
import { comparisonHolds } from './comparison-condition.js';
import type { ComputedTraitCondition } from './segment-rule.js';

/** Where a rule's saved computed traits come from while it is evaluated or compiled. */
export type ComputedTraitResolver = (key: string) => ComputedTraitDefinition | undefined;

/** A comparison a computed trait cannot take (a unique_list compared other than by is_set / is_not_set). */
export class ComputedTraitComparisonError extends Error {
  constructor(readonly key: string, readonly op: string) {
    super(`computed trait ${JSON.stringify(key)} is a list of texts: compare it with is_set or is_not_set, not ${op}`);
  }
}

/** Throws ComputedTraitComparisonError when the definition's values cannot take the condition's op. */
export function checkComputedTraitComparison(def: ComputedTraitDefinition, c: ComputedTraitCondition): void {
  if (def.aggregate === 'unique_list' && c.op !== 'is_set' && c.op !== 'is_not_set') throw new ComputedTraitComparisonError(c.computedTrait, c.op);
}

/**
 * Whether a person's value (undefined: none) meets the condition. Numeric traits compare as
 * numbers under every op (contains never holds, neq / not_in hold for any value not listed); text
 * traits as a trait's text is (matchesFilter). See `comparisonHolds`.
 */
export function computedTraitConditionHolds(value: ComputedTraitValue | undefined, def: ComputedTraitDefinition, c: ComputedTraitCondition): boolean {
  checkComputedTraitComparison(def, c);
  return comparisonHolds(value, c, NUMERIC_AGGREGATES.includes(def.aggregate));
}
