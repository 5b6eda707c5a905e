import { resolve } from 'node:path';
import type { Change, PropertyFilter, RangeClock, RangedAnalysis, RangedDefinitions, ResolvedRange } from '@trailmap/core';
import { findProjectConfig, loadProjectConfig } from '@trailmap/server';
import type { z } from 'zod';
import { appConfig, UsageError, type Io } from './context.js';

// Flag parsing shared by the analysis commands (funnel, paths, retention, metrics, journey-map).

/** `trait:persona=mobile_impulse` → an eq filter on the person's latest trait. */
export function segmentFilter(spec: string): PropertyFilter {
  const m = /^trait:([^=]+)=(.*)$/.exec(spec);
  if (!m) throw new UsageError(`--segment: expected trait:NAME=VALUE, got ${JSON.stringify(spec)}`);
  return { property: m[1]!, op: 'eq', value: m[2]! };
}

/** The time-range flags every analysis command takes (`--compare` only where the analysis offers it). */
export const RANGE_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  last: { type: 'string' },
  during: { type: 'string' },
} as const;
export const COMPARE_OPTION = { compare: { type: 'boolean', default: false } } as const;

/** Schema path keys → the flag a range or compare error names. */
export const RANGE_FLAG_OF: Record<string, string> = { from: '--from', to: '--to', last: '--last', period: '--during', compare: '--compare' };

/** The help lines of the range flags (`compare`: with --compare). */
export const rangeHelp = (compare: boolean): string =>
  `Time range (in the project time zone, trailmap.config.json "timeZone", default UTC;
without one, all time):
  --from DATE --to DATE  absolute, "to" exclusive (2026-11-01, 2026-11-01T09:30,
                         or with Z/+01:00 for another zone); either may be left out
  --last 30d             the last N days (or Nw weeks) up to and including today
  --during PERIOD        today, yesterday, this_week, last_week, this_month,
                         last_month, this_year or last_year${
                           compare
                             ? `
  --compare              also run on the previous period of the same length and
                         show each number's change (absolute and relative)`
                             : ''
                         }`;

/** The written range of the range flags under `field` (`range`, or `period` for the journey map), when any is given. */
export function writtenRange(values: { from?: string | undefined; to?: string | undefined; last?: string | undefined; during?: string | undefined; compare?: boolean | undefined }, field = 'range'): Record<string, unknown> {
  const r = { ...(values.from ? { from: values.from } : {}), ...(values.to ? { to: values.to } : {}), ...(values.last ? { last: values.last } : {}), ...(values.during ? { period: values.during } : {}) };
  return { ...(Object.keys(r).length > 0 ? { [field]: r } : {}), ...(values.compare ? { compare: 'previous_period' } : {}) };
}

/** The absolute range of --from/--to, when given (the commands that take no relative range). */
export const rangeFlags = (from: string | undefined, to: string | undefined) =>
  from || to ? { range: { ...(from ? { from } : {}), ...(to ? { to } : {}) } } : {};

/** The clock relative ranges resolve against: the project time zone (its config file) and now. */
export async function projectClock(io: Io, flags: { data?: string | undefined; config?: string | undefined }): Promise<RangeClock> {
  const dataDir = resolve(io.cwd, appConfig(io, flags).dataDir);
  const project = await loadProjectConfig(findProjectConfig(flags.config, [io.cwd, dataDir]));
  return { timeZone: project.timeZone, now: Date.now() };
}

/** Validate a definition built from flags and resolve its range; a failure names the flag. */
export function parseRanged<D>(ranged: RangedAnalysis<D, any>, input: unknown, flagOf: Record<string, string>, clock: RangeClock): RangedDefinitions<D> {
  const parsed = ranged.parse(input, clock);
  if (parsed.success) return parsed.data;
  const head = parsed.error.issues[0]!.path[0];
  // Inside the range field (`range`, or the journey map's `period`) the keys are the range flags'.
  const inRange = head === ranged.field || head === 'compare';
  throw usageFromIssue(parsed.error, inRange ? { [ranged.field]: '--from/--to/--last/--during', ...RANGE_FLAG_OF } : flagOf);
}

/** "Range: 2026-11-03 to 2026-12-03 (Europe/Berlin; last 30d)": the absolute range an answer used. */
export function describeRange(r: ResolvedRange): string {
  const day = (iso: string | null) => (iso === null ? '…' : new Intl.DateTimeFormat('en-CA', { timeZone: r.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso)).replace(', 00:00', '').replace(', ', ' '));
  if (r.from === null && r.to === null) return 'Range: all time';
  const asked = r.spec?.last ? `last ${r.spec.last}` : r.spec?.period ? r.spec.period.replace('_', ' ') : null;
  return `Range: ${day(r.from)} to ${day(r.to)} (exclusive; ${r.timeZone}${asked ? `; ${asked}` : ''}${r.complete ? '' : '; not over yet'})`;
}

/** A change as "+12 (+4.0%)" (rates in percentage points: "+1.5 pp"). */
export function formatChange(c: Change, rate = false): string {
  if (c.absolute === null) return '';
  const sign = (x: number) => (x > 0 ? '+' : x < 0 ? '−' : '±');
  const abs = rate ? `${sign(c.absolute)}${Math.abs(c.absolute * 100).toFixed(1)} pp` : `${sign(c.absolute)}${Math.abs(c.absolute).toLocaleString('en-US', { maximumFractionDigits: 1 })}`;
  return c.relative === null ? abs : `${abs} (${sign(c.relative)}${Math.abs(c.relative * 100).toFixed(1)}%)`;
}

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
  throw usageFromIssue(parsed.error, flagOf);
}

function usageFromIssue(error: z.ZodError, flagOf: Record<string, string>): UsageError {
  const issue = error.issues[0]!;
  const key = [...issue.path].reverse().find((k) => typeof k === 'string' && k in flagOf) as string | undefined;
  return new UsageError(`${key ? flagOf[key] : issue.path.join('.') || 'definition'}: ${issue.message}`);
}

export const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? '' : `${(x * 100).toFixed(digits)}%`);

