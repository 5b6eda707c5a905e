import type { PropertyFilter } from '@trailmap/core';
import type { z } from 'zod';
import { UsageError } from './context.js';

// Flag parsing shared by the analysis commands (funnel, paths, retention, metrics, journey-map).

/** `trait:persona=mobile_impulse` → an eq filter on the person's latest trait. */
export function segmentFilter(spec: string): PropertyFilter {
  const m = /^trait:([^=]+)=(.*)$/.exec(spec);
  if (!m) throw new UsageError(`--segment: expected trait:NAME=VALUE, got ${JSON.stringify(spec)}`);
  return { property: m[1]!, op: 'eq', value: m[2]! };
}

/** The time range of --from/--to, when given. */
export const rangeFlags = (from: string | undefined, to: string | undefined) =>
  from || to ? { range: { ...(from ? { from } : {}), ...(to ? { to } : {}) } } : {};

/** A whole-number flag value, or undefined when absent. */
export function intFlag(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new UsageError(`--${name}: expected a whole number, got ${JSON.stringify(v)}`);
  return n;
}

/**
 * Validate a definition built from flags; a failure names the flag (from the schema path via
 * `flagOf`, e.g. ['range', 'from'] → --from).
 */
export function parseDefinition<S extends z.ZodTypeAny>(schema: S, input: unknown, flagOf: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = [...issue.path].reverse().find((k) => typeof k === 'string' && k in flagOf) as string | undefined;
  throw new UsageError(`${key ? flagOf[key] : issue.path.join('.') || 'definition'}: ${issue.message}`);
}

export const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? '' : `${(x * 100).toFixed(digits)}%`);

