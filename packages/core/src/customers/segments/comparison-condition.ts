import { matchesFilter, type FilterOp } from '../../analytics/shared/property-filter.js';

/** The op and value of a segment condition on one stored value (a computed trait, a score). */
export interface Comparison {
  op: FilterOp;
  value?: string | number | boolean | Array<string | number | boolean>;
}

/** The comparison's values as numbers, the non-numbers left out (they equal no number). */
export function conditionNumbers(c: Comparison): number[] {
  const list = Array.isArray(c.value) ? c.value : c.value === undefined ? [] : [c.value];
  return list.map((v) => (typeof v === 'string' && v.trim() === '' ? NaN : Number(v))).filter((n) => Number.isFinite(n));
}

/**
 * Whether a person's stored value (undefined: none) meets the comparison. `numeric`: the value is
 * a number and every op compares numbers (eq 2 holds for 2.0, contains never holds, neq / not_in
 * hold for any value not listed); otherwise the value compares as a trait's text is (matchesFilter).
 * is_set / is_not_set test only whether there is a value. Shared by computed-trait and score conditions.
 */
export function comparisonHolds(value: string | number | undefined, c: Comparison, numeric: boolean): boolean {
  if (c.op === 'is_set') return value !== undefined;
  if (c.op === 'is_not_set') return value === undefined;
  if (value === undefined) return false;
  if (!numeric) return matchesFilter({ v: value }, { property: 'v', op: c.op, value: c.value });
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
