import { z } from 'zod';

const stateRef = z.string().min(1).max(500);
/** Limits a transition or touchpoint change to one segment's chain; absent: every segment. */
const segmentScope = z.string().nullable().optional();

/**
 * The twin's intervention language. States are named as in the model (`label` or
 * `label@stage`); a bare label in `from`/`label` matches every stage of it. `to` may also be
 * `(conversion)` or `(null)`. Interventions apply in order.
 */
export const twinInterventionSchema = z.discriminatedUnion('kind', [
  /** Multiply P(from → to) by `factor` (capped at 1); see `docs/twin.md` for where the mass comes from. */
  z.object({ kind: z.literal('scale_transition'), from: stateRef, to: stateRef, factor: z.number().min(0).max(1e6), segment: segmentScope }).strict(),
  /** Set P(from → to) to `probability`, renormalising the row the same way. */
  z.object({ kind: z.literal('set_transition'), from: stateRef, to: stateRef, probability: z.number().min(0).max(1), segment: segmentScope }).strict(),
  /**
   * Take a touchpoint out. `successors`: journeys that would reach it go where it leads (state
   * elimination); `drop`: they end in `(null)` (the removal effect of Markov attribution).
   */
  z.object({ kind: z.literal('remove_touchpoint'), label: stateRef, redirect: z.enum(['successors', 'drop']).default('successors'), segment: segmentScope }).strict(),
  /**
   * Insert a new touchpoint `label` reached from `after` with `probability` (the rest of
   * `after`'s row shrinks by 1 − probability). It leads onward with `after`'s own mix; then
   * `conversionLift` (probability points) moves from its `(null)` to its `(conversion)`.
   */
  z.object({
    kind: z.literal('add_touchpoint'), label: stateRef, after: stateRef, probability: z.number().gt(0).max(1),
    conversionLift: z.number().min(0).max(1).default(0), segment: segmentScope,
  }).strict(),
  /** Set a segment's share of journeys; the other segments keep their relative sizes. */
  z.object({ kind: z.literal('shift_segment_mix'), segment: z.string().nullable(), share: z.number().min(0).max(1) }).strict(),
]);
export type TwinIntervention = z.infer<typeof twinInterventionSchema>;
export type TwinInterventionInput = z.input<typeof twinInterventionSchema>;

/** Most interventions one simulation applies (each is applied again in every posterior draw). */
export const TWIN_MAX_INTERVENTIONS = 50;
export const twinInterventionsSchema = z.array(twinInterventionSchema).max(TWIN_MAX_INTERVENTIONS);
