import { z } from 'zod';
import { durationSchema } from '../../analytics/shared/duration.js';
import { propertyFilterSchema } from '../../analytics/shared/property-filter.js';

/** The aggregates a computed trait can take over a person's matching events. */
export const COMPUTED_TRAIT_AGGREGATES = [
  'count',
  'sum',
  'min',
  'max',
  'first',
  'last',
  'most_frequent',
  'unique_list',
  'exists',
  'days_since_first',
  'days_since_last',
] as const;
export type ComputedTraitAggregate = (typeof COMPUTED_TRAIT_AGGREGATES)[number];

/** Aggregates that read a property of the matching events (and so need `property`). */
export const PROPERTY_AGGREGATES: readonly ComputedTraitAggregate[] = ['sum', 'min', 'max', 'first', 'last', 'most_frequent', 'unique_list'];
/** Aggregates whose value is a number (the others give text; unique_list a JSON array as text). */
export const NUMERIC_AGGREGATES: readonly ComputedTraitAggregate[] = ['count', 'sum', 'min', 'max', 'exists', 'days_since_first', 'days_since_last'];
/** Aggregates that give a value to every known person (0 when no event matches); the others only to people with a value. */
export const EVERY_PERSON_AGGREGATES: readonly ComputedTraitAggregate[] = ['count', 'exists'];
/** The most texts a unique_list keeps (the smallest in byte order), so a value stays small. */
export const MAX_UNIQUE_LIST = 100;

/** A key: lower-case letters, digits, `_` and `-`, starting with a letter (it appears in URLs and person filters). */
export const COMPUTED_TRAIT_KEY = /^[a-z][a-z0-9_-]{0,63}$/;
export const computedTraitKeySchema = z
  .string()
  .regex(COMPUTED_TRAIT_KEY, 'must be a slug: a lower-case letter, then up to 63 lower-case letters, digits, _ or -');

const oneOrMany = z.union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).min(1).max(50)]);

/**
 * A declarative per-person aggregate over events: which events (by name — track event, or
 * page/screen name — and/or touchpoint, with property filters), optionally within a trailing
 * window before the as-of time, and what to compute from them.
 */
export const computedTraitDefinitionSchema = z
  .object({
    key: computedTraitKeySchema,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    aggregate: z.enum(COMPUTED_TRAIT_AGGREGATES),
    /** Event name(s): track event name, else page/screen name (as analyses label events). */
    event: oneOrMany.optional(),
    /** Touchpoint(s), as classified at collection. */
    touchpoint: oneOrMany.optional(),
    /** Conditions on the event's properties; all must hold. */
    where: z.array(propertyFilterSchema).max(20).optional(),
    /** The event property read by sum/min/max/first/last/most_frequent/unique_list. */
    property: z.string().min(1).max(200).optional(),
    /** Only events in [asOf − window, asOf): "90d", "12w", or milliseconds; at most 3650 days. */
    window: durationSchema.optional(),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.event === undefined && d.touchpoint === undefined)
      ctx.addIssue({ code: 'custom', path: ['event'], message: 'give an event (or a touchpoint) whose occurrences the trait aggregates' });
    const needsProperty = PROPERTY_AGGREGATES.includes(d.aggregate);
    if (needsProperty && d.property === undefined) ctx.addIssue({ code: 'custom', path: ['property'], message: `aggregate "${d.aggregate}" needs a property` });
    if (!needsProperty && d.property !== undefined)
      ctx.addIssue({ code: 'custom', path: ['property'], message: `aggregate "${d.aggregate}" reads no property; leave property out` });
  });

/** A definition as given (window as text or milliseconds). */
export type ComputedTraitInput = z.input<typeof computedTraitDefinitionSchema>;
/** A parsed definition (window in milliseconds). */
export type ComputedTraitDefinition = z.infer<typeof computedTraitDefinitionSchema>;

/**
 * A computed trait's value for one person: a number (count, sum, min, max, exists,
 * days_since_*), or text (first, last, most_frequent; unique_list: a JSON array of texts).
 */
export type ComputedTraitValue = number | string;
