import { NUMERIC_AGGREGATES, type ComputedTraitDefinition, type ComputedTraitValue } from '../computed-traits/computed-trait.schema.js';
import { matchesFilter } from '../../analytics/shared/property-filter.js';
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

/** The condition's values as numbers, the non-numbers left out (they equal no number). */
export function conditionNumbers(c: ComputedTraitCondition): number[] {
  const list = Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value];
  return list.map((v) => (typeof v === 'string' && v.trim() === '' ? NaN : Number(v))).filter((n) => Number.isFinite(n));
}

/**
 * Whether a person's value (undefined: none) meets the condition. Numeric traits compare as
 * numbers under every op (contains never holds, neq / not_in hold for any value not listed); text
 * traits as a trait's text is (matchesFilter).
 */
export function computedTraitConditionHolds(value: ComputedTraitValue | undefined, def: ComputedTraitDefinition, c: ComputedTraitCondition): boolean {
  checkComputedTraitComparison(def, c);
  if (c.op === 'is_set') return value !== undefined;
  if (c.op === 'is_not_set') return value === undefined;
  if (value === undefined) return false;
  if (!NUMERIC_AGGREGATES.includes(def.aggregate)) return matchesFilter({ v: value }, { property: 'v', op: c.op, value: c.value });
  const n = Number(value);
  const nums = conditionNumbers(c);
  switch (c.op) {
    case 'eq':
      return nums.length > 0 && n === nums[0];
    case 'neq':
      return !(nums.length > 0 && n === nums[0]);
    case 'in':
      return nums.includes(n);
    case 'not_in':
      return !nums.includes(n);
    case 'contains':
      return false;
    default: {
      const v = Number(c.value);
      return c.op === 'gt' ? n > v : c.op === 'gte' ? n >= v : c.op === 'lt' ? n < v : n <= v;
    }
  }
}
