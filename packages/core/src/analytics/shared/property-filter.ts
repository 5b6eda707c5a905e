import { z } from 'zod';

export const FILTER_OPS = ['eq', 'neq', 'in', 'not_in', 'contains', 'gt', 'gte', 'lt', 'lte', 'is_set', 'is_not_set'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** The op and value of a comparison (a property filter, a segment's trait or computed-trait condition). */
export const comparisonShape = {
  op: z.enum(FILTER_OPS).default('eq'),
  value: z.union([scalar, z.array(scalar).min(1).max(1000)]).optional(),
};

/** Checks an op against its value: a value unless is_set / is_not_set, a list for in / not_in only, a number for gt / gte / lt / lte. */
export function refineComparison(f: { op: FilterOp; value?: unknown }, ctx: z.RefinementCtx): void {
  const needsList = f.op === 'in' || f.op === 'not_in';
  const needsValue = f.op !== 'is_set' && f.op !== 'is_not_set';
  if (needsValue && f.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `op "${f.op}" needs a value` });
  if (needsList && f.value !== undefined && !Array.isArray(f.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `op "${f.op}" needs a list of values` });
  if (!needsList && Array.isArray(f.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: `op "${f.op}" takes one value, not a list` });
  if (['gt', 'gte', 'lt', 'lte'].includes(f.op) && f.value !== undefined && !Number.isFinite(Number(f.value)))
    ctx.addIssue({ code: 'custom', path: ['value'], message: `op "${f.op}" needs a number` });
}

/**
 * A condition on one top-level property (or trait). Values compare as text, as stored JSON
 * gives them (numbers as their JSON text); gt/gte/lt/lte compare as numbers and are false for
 * values that are not numbers; contains is a case-sensitive substring test.
 */
export const propertyFilterSchema = z
  .object({ property: z.string().min(1).max(200), ...comparisonShape })
  .strict()
  .superRefine(refineComparison);
export type PropertyFilter = z.infer<typeof propertyFilterSchema>;

/** The text form of a JSON value, as both engines' JSON text extraction returns it (null when absent). */
export function propertyText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

const asNumber = (text: string | null): number | null => {
  if (text === null || text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

/** Reference semantics of a filter (the SQL compiler must agree; differential tests check it). */
export function matchesFilter(bag: Record<string, unknown>, f: PropertyFilter): boolean {
  const text = propertyText(bag[f.property]);
  const values = (Array.isArray(f.value) ? f.value : f.value === undefined ? [] : [f.value]).map(String);
  switch (f.op) {
    case 'is_set':
      return text !== null;
    case 'is_not_set':
      return text === null;
    case 'eq':
      return text !== null && text === values[0];
    case 'neq':
      return text !== null && text !== values[0];
    case 'in':
      return text !== null && values.includes(text);
    case 'not_in':
      return text !== null && !values.includes(text);
    case 'contains':
      return text !== null && text.includes(values[0]!);
    default: {
      const n = asNumber(text);
      const v = Number(values[0]);
      if (n === null) return false;
      return f.op === 'gt' ? n > v : f.op === 'gte' ? n >= v : f.op === 'lt' ? n < v : n <= v;
    }
  }
}
