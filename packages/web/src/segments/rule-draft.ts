import type { SegmentRuleInput } from '@trailmap/core';

/** The builder's durations for "within" (the API's duration strings). */
export const DURATIONS = ['7d', '30d', '90d', '365d'] as const;
/** The comparisons the builder offers for a trait (a subset of the API's filter ops). */
export const TRAIT_OPS = ['eq', 'neq', 'contains', 'gt', 'lt', 'is_set', 'is_not_set'] as const;
export const KINDS = ['performed', 'trait', 'lastSeen', 'firstSeen', 'inSegment', 'notInSegment'] as const;

/** One condition row of the builder, every field kept whatever the kind (switching kind keeps input). */
export interface ConditionDraft {
  kind: (typeof KINDS)[number];
  event: string | null;
  atLeast: number;
  within: (typeof DURATIONS)[number] | null;
  trait: string;
  op: (typeof TRAIT_OPS)[number];
  value: string;
  segment: string;
}

/** The builder's rule: one group of conditions joined by all / any, optionally negated. */
export interface RuleDraft {
  match: 'all' | 'any';
  negate: boolean;
  conditions: ConditionDraft[];
}

export const newCondition = (): ConditionDraft => ({ kind: 'performed', event: null, atLeast: 1, within: '30d', trait: '', op: 'eq', value: '', segment: '' });

/** A trait value as typed: a number when it reads as one (the API compares numbers numerically), else the text. */
const typedValue = (v: string): string | number => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);

/** One condition as the API's rule JSON, or null while a needed field is empty. */
export function conditionRule(c: ConditionDraft): SegmentRuleInput | null {
  switch (c.kind) {
    case 'performed':
      if (!Number.isInteger(c.atLeast) || c.atLeast < 0) return null;
      return { performed: c.event ? { touchpoint: c.event } : {}, atLeast: c.atLeast, ...(c.within ? { within: c.within } : {}) };
    case 'trait': {
      if (c.trait.trim() === '') return null;
      if (c.op === 'is_set' || c.op === 'is_not_set') return { trait: c.trait.trim(), op: c.op };
      if (c.value.trim() === '') return null;
      const value = typedValue(c.value);
      if ((c.op === 'gt' || c.op === 'lt') && typeof value !== 'number') return null;
      return { trait: c.trait.trim(), op: c.op, value };
    }
    case 'lastSeen':
    case 'firstSeen':
      return c.kind === 'lastSeen' ? { lastSeen: { within: c.within ?? '30d' } } : { firstSeen: { within: c.within ?? '30d' } };
    case 'inSegment':
      return c.segment ? { inSegment: c.segment } : null;
    case 'notInSegment':
      return c.segment ? { notInSegment: c.segment } : null;
  }
}

/** The whole draft as rule JSON, or null while any condition is incomplete (or there is none). */
export function draftRule(d: RuleDraft): SegmentRuleInput | null {
  const parts = d.conditions.map(conditionRule);
  if (parts.length === 0 || parts.some((p) => p === null)) return null;
  const group: SegmentRuleInput = parts.length === 1 ? parts[0]! : d.match === 'all' ? { all: parts as SegmentRuleInput[] } : { any: parts as SegmentRuleInput[] };
  return d.negate ? { not: group } : group;
}
