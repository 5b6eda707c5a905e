import { z } from 'zod';
import { compareSchema, rangeSpecSchema, type CompareMode, type RangeSpec } from './range-spec.js';
import { previousRange, resolveRange, timeRangeOf, type RangeClock, type ResolvedRange } from './resolve-range.js';

/** A definition as a user writes it: its range field may be relative, and `compare` where the analysis offers it. */
export type RangedRequest<D, F extends keyof D> = Omit<D, F> & { [K in F]?: RangeSpec } & { compare?: CompareMode };

/** A definition ready for the engines (absolute range), the range it covers, and the previous period's when asked. */
export interface RangedDefinitions<D> {
  definition: D;
  range: ResolvedRange;
  previous: { definition: D; range: ResolvedRange } | null;
}

export type RangedParse<D> = { success: true; data: RangedDefinitions<D> } | { success: false; error: z.ZodError };

/** An analysis's definition schema taking written (relative or absolute) ranges; see `rangedAnalysis`. */
export interface RangedAnalysis<D, F extends keyof D & string> {
  /** The range field of the definition (`range`, or `period` for the journey map). */
  field: F;
  /** Whether `compare: "previous_period"` is offered. */
  compare: boolean;
  /** What the API takes (and the OpenAPI document shows): the definition with a written range and `compare`. */
  request: z.ZodType<RangedRequest<D, F>>;
  /** Validate a body and resolve its range against the clock; errors name the field (`range.last`, `compare`). */
  parse(body: unknown, clock: RangeClock): RangedParse<D>;
  /** Resolve an already validated request's range against the clock. */
  resolve(request: RangedRequest<D, F>, clock: RangeClock): RangedParse<D>;
}

const failure = (path: PropertyKey[], message: string, input: unknown): { success: false; error: z.ZodError } => ({
  success: false,
  error: new z.ZodError([{ code: 'custom', path, message, input }]),
});

/**
 * Wrap an analysis's definition schema (whose range field holds absolute instants, what the
 * engines read) so that it takes the written forms of `rangeSpecSchema` and, with `compare`,
 * `compare: "previous_period"`; `parse` resolves them in the project time zone.
 */
export function rangedAnalysis<S extends z.ZodObject, F extends keyof z.output<S> & string>(schema: S, field: F, opts: { compare: boolean }): RangedAnalysis<z.output<S>, F> {
  type D = z.output<S>;
  // safeExtend keeps the schema's own refinements; only the range field's type changes.
  const extension = { [field]: rangeSpecSchema.optional(), ...(opts.compare ? { compare: compareSchema.optional() } : {}) };
  const request = (schema.safeExtend as (shape: Record<string, z.ZodType>) => z.ZodType)(extension) as z.ZodType<RangedRequest<D, F>>;
  const withRange = (req: Record<string, unknown>, r: ResolvedRange): D => {
    const { compare: _compare, [field]: _written, ...rest } = req;
    const abs = timeRangeOf(r);
    return (Object.keys(abs).length > 0 ? { ...rest, [field]: abs } : rest) as D;
  };
  const resolve = (request: RangedRequest<D, F>, clock: RangeClock): RangedParse<D> => {
    const req = request as Record<string, unknown>;
    const range = resolveRange(req[field] as RangeSpec | undefined, clock);
    if (!range.ok) return failure([field, ...range.error.path], range.error.message, req[field]);
    let previous: RangedDefinitions<D>['previous'] = null;
    if (req.compare === 'previous_period') {
      const prev = previousRange(range.value, clock);
      if (!prev.ok) return failure(['compare'], prev.error.message, req.compare);
      previous = { definition: withRange(req, prev.value), range: prev.value };
    }
    return { success: true, data: { definition: withRange(req, range.value), range: range.value, previous } };
  };
  return {
    field,
    compare: opts.compare,
    request,
    resolve,
    parse(body, clock) {
      const parsed = request.safeParse(body);
      return parsed.success ? resolve(parsed.data, clock) : { success: false, error: parsed.error };
    },
  };
}

/**
 * A schema that validates a request and resolves its range at parse time against `clock()`
 * (read on every parse): for routes that take a plain zod schema. Its output is the resolved
 * definitions; its input side is the written request (what the API document shows).
 */
export function resolvingSchema<D>(ranged: RangedAnalysis<D, any>, clock: () => RangeClock): z.ZodType<RangedDefinitions<D>, RangedRequest<D, any>> {
  return ranged.request.transform((req, ctx) => {
    const r = ranged.resolve(req, clock());
    if (r.success) return r.data;
    for (const i of r.error.issues) ctx.addIssue({ code: 'custom', path: [...i.path], message: i.message });
    return z.NEVER;
  }) as unknown as z.ZodType<RangedDefinitions<D>, RangedRequest<D, any>>;
}
