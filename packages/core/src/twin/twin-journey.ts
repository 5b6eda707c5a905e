import { z } from 'zod';

/**
 * One person-journey as the digital twin sees it: the touchpoints the person went through, in
 * time order, and how it ended. A journey that converts ends at its conversion (the states are
 * the touchpoints *before* it); one that does not convert ends in the null (drop) state after its
 * last touchpoint. Several journeys may come from one person (one per shopping episode, say):
 * the twin does not care, it counts journeys.
 */
export const twinStateSchema = z.object({
  /** Touchpoint label: the event name, else the page or screen name (or a touchpoint id). */
  label: z.string().min(1),
  /** Journey stage (awareness … loyalty); used when the model keys states as `label@stage`. */
  stage: z.string(),
  /** Epoch milliseconds. */
  timestamp: z.number().finite(),
});
export type TwinState = z.infer<typeof twinStateSchema>;

export const twinJourneySchema = z.object({
  states: z.array(twinStateSchema),
  converted: z.boolean(),
  /** Value of the conversion (order revenue); ignored when `converted` is false. */
  value: z.number().finite(),
  /** The journey's segment (persona, device class, …), or null. */
  segment: z.string().nullable(),
  /**
   * Epoch milliseconds of the conversion, when known: it gives the dwell time of the last
   * touchpoint before converting. Without it that last step has no measured time.
   */
  convertedAt: z.number().finite().nullable().optional(),
});
export type TwinJourney = z.infer<typeof twinJourneySchema>;
