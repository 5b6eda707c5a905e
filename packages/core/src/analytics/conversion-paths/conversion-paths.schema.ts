import { z } from 'zod';
import { durationSchema } from '../shared/duration.js';
import { eventMatcherSchema } from '../shared/event-matcher.js';
import { personFilterSchema } from '../shared/person-filter.js';
import { timeRangeSchema } from '../shared/time-range.js';

/** Event types that can be touches or conversions: actions, not identify/alias/group bookkeeping. */
export const JOURNEY_EVENT_TYPES: readonly string[] = ['track', 'page', 'screen'];

/** Properties of a conversion event read for its value, in this order; the first JSON number wins. */
export const CONVERSION_VALUE_KEYS = ['revenue', 'value', 'total'] as const;

export const DEFAULT_CONVERSION_EVENT = 'Order Completed';
export const DEFAULT_LOOKBACK_MS = 30 * 86_400_000;
/** Largest `maxTouches` a request may set (a cap is optional: without one every touch in the lookback is kept). */
export const MAX_TOUCHES_LIMIT = 1_000_000;

/**
 * Which journeys attribution sees. Per person, events in (timestamp, message id) order:
 * - an event matching `conversion` is a conversion (default: the track event "Order Completed");
 * - any other track/page/screen event matching `touches` (default: all of them) is a touch,
 *   labelled by its touchpoint, its event label or its channel (`by`);
 * - each conversion closes a journey: the touches since the previous conversion that are at
 *   most `lookback` before it (inclusive), consecutive equal labels merged when
 *   `collapseRepeats`; zero touches is a "direct" conversion;
 * - `maxTouches` (optional, no default): when set, a journey keeps only its last `maxTouches`
 *   touches and the result counts the journeys so cut (`JourneyCut`); without it nothing is cut;
 * - the touches after a person's last conversion (all of them for a person who never
 *   converts) form one null journey, cut the same way relative to its own last touch.
 * `range` limits every event (touches before `range.from` do not reach a conversion inside it);
 * `segment` keeps the people whose latest traits match.
 */
export const conversionPathsSchema = z
  .object({
    conversion: eventMatcherSchema.default({ event: DEFAULT_CONVERSION_EVENT }),
    lookback: durationSchema.default(DEFAULT_LOOKBACK_MS),
    by: z.enum(['touchpoint', 'event', 'channel']).default('touchpoint'),
    touches: eventMatcherSchema.optional(),
    collapseRepeats: z.boolean().default(false),
    maxTouches: z.number().int().min(1).max(MAX_TOUCHES_LIMIT).optional(),
    range: timeRangeSchema.optional(),
    segment: personFilterSchema.optional(),
  })
  .strict();
export type ConversionPathsDefinition = z.output<typeof conversionPathsSchema>;
export type ConversionPathsInput = z.input<typeof conversionPathsSchema>;

/**
 * What a `maxTouches` cap did to the journeys of a result: the cap (null: none, nothing cut),
 * the journeys that had more touches than the cap (within the lookback, after collapsing) and
 * the touches left out of them (their earliest ones).
 */
export interface JourneyCut {
  maxTouches: number | null;
  journeys: number;
  touches: number;
}
