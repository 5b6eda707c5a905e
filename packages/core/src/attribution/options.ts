import { z } from 'zod';
import { durationUpTo } from '../analytics/shared/duration.js';

/** The models, by the names the CLI and HTTP API use (`--model`). */
export const ATTRIBUTION_MODELS = ['first', 'last', 'linear', 'time-decay', 'position', 'markov', 'shapley'] as const;
export type AttributionModelName = (typeof ATTRIBUTION_MODELS)[number];

/** Largest number of players (distinct labels) for which Shapley values are computed exactly by default (2^15 coalitions). */
export const SHAPLEY_EXACT_MAX_PLAYERS = 15;
/** Exact Shapley values are refused beyond this many players (2^20 coalitions). */
export const SHAPLEY_EXACT_HARD_LIMIT = 20;
/** Most Monte Carlo orders one request may sample (cost: samples × players; ~5 s for 32 players). */
export const SHAPLEY_MAX_SAMPLES = 100_000;
const SEVEN_DAYS_MS = 7 * 86_400_000;

/**
 * A time-decay half-life: any duration up to 2^53 − 1 ms. It drives no cost and cannot overflow
 * (a very long one flattens the weights towards linear), so it is not held to the 3650-day cap
 * of windows and lookbacks; past a safe integer it is an issue at the field.
 */
export const halfLifeSchema = durationUpTo(Number.MAX_SAFE_INTEGER, `${Number.MAX_SAFE_INTEGER} ms`);

/**
 * Shared by every model. `collapseRepeats`: consecutive touches with the same label count as
 * one (the last of the run is kept, which matters for time decay only). Off by default: every
 * touch counts.
 */
const common = { collapseRepeats: z.boolean().default(false) };

export const ruleAttributionOptionsSchema = z.object(common).strict();
export type RuleAttributionOptions = z.infer<typeof ruleAttributionOptionsSchema>;

/** Time decay: a touch Δt before the conversion weighs 2^(−Δt / halfLife) (ms or "7d"; default 7 days). */
export const timeDecayAttributionOptionsSchema = z.object({ ...common, halfLife: halfLifeSchema.default(SEVEN_DAYS_MS) }).strict();
export type TimeDecayAttributionOptions = z.infer<typeof timeDecayAttributionOptionsSchema>;

/** Position based (U-shaped): `first` and `last` shares, the rest split over the middle touches (default 40/20/40). */
export const positionAttributionOptionsSchema = z
  .object({ ...common, first: z.number().min(0).max(1).default(0.4), last: z.number().min(0).max(1).default(0.4) })
  .strict()
  .refine((o) => o.first + o.last <= 1 + 1e-12, { message: 'first + last must be at most 1', path: ['last'] })
  .refine((o) => o.first + o.last > 0, { message: 'first + last must be more than 0', path: ['last'] });
export type PositionAttributionOptions = z.infer<typeof positionAttributionOptionsSchema>;

/** Markov chain of order 1 to 4 (a state is the tuple of the last `order` labels). */
export const markovAttributionOptionsSchema = z.object({ ...common, order: z.number().int().min(1).max(4).default(1) }).strict();
export type MarkovAttributionOptions = z.infer<typeof markovAttributionOptionsSchema>;

/**
 * Shapley values. `method`: `auto` is exact up to 15 players and Monte Carlo beyond; `exact`
 * refuses more than 20 players (2^20 coalitions); `monte-carlo` samples `samples` random player
 * orders from the PRNG seeded with `seed`, so a run is reproducible.
 */
export const shapleyAttributionOptionsSchema = z
  .object({
    ...common,
    method: z.enum(['auto', 'exact', 'monte-carlo']).default('auto'),
    samples: z.number().int().min(2).max(SHAPLEY_MAX_SAMPLES).default(2000),
    seed: z.number().int().default(1),
  })
  .strict();
export type ShapleyAttributionOptions = z.infer<typeof shapleyAttributionOptionsSchema>;

/** One model and its options, as the CLI and HTTP API pass it (`{ "model": "markov", "order": 2 }`). */
export const attributionSpecSchema = z.discriminatedUnion('model', [
  ruleAttributionOptionsSchema.extend({ model: z.literal('first') }),
  ruleAttributionOptionsSchema.extend({ model: z.literal('last') }),
  ruleAttributionOptionsSchema.extend({ model: z.literal('linear') }),
  timeDecayAttributionOptionsSchema.extend({ model: z.literal('time-decay') }),
  z
    .object({ ...common, model: z.literal('position'), first: z.number().min(0).max(1).default(0.4), last: z.number().min(0).max(1).default(0.4) })
    .strict(),
  markovAttributionOptionsSchema.extend({ model: z.literal('markov') }),
  shapleyAttributionOptionsSchema.extend({ model: z.literal('shapley') }),
]);
export type AttributionSpec = z.infer<typeof attributionSpecSchema>;
export type AttributionSpecInput = z.input<typeof attributionSpecSchema>;

/** Options of `compareModels`: one block per model that has options. */
export const compareModelsOptionsSchema = z
  .object({
    collapseRepeats: z.boolean().default(false),
    halfLife: halfLifeSchema.default(SEVEN_DAYS_MS),
    position: z.object({ first: z.number().min(0).max(1).default(0.4), last: z.number().min(0).max(1).default(0.4) }).strict().default({ first: 0.4, last: 0.4 }),
    markovOrder: z.number().int().min(1).max(4).default(1),
    shapley: z
      .object({ method: z.enum(['auto', 'exact', 'monte-carlo']).default('auto'), samples: z.number().int().min(2).max(SHAPLEY_MAX_SAMPLES).default(2000), seed: z.number().int().default(1) })
      .strict()
      .default({ method: 'auto', samples: 2000, seed: 1 }),
  })
  .strict();
export type CompareModelsOptions = z.infer<typeof compareModelsOptionsSchema>;
export type CompareModelsOptionsInput = z.input<typeof compareModelsOptionsSchema>;
