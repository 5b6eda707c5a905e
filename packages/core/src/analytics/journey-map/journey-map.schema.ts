import { z } from 'zod';
import { durationSchema } from '../shared/duration.js';
import { personFilterSchema } from '../shared/person-filter.js';
import { timeRangeSchema } from '../shared/time-range.js';

/** Thresholds of the pain-point and opportunity rules (each flag reports the ones it used). */
export const flagThresholdsSchema = z
  .object({
    /** Cells with fewer people are not compared on conversion, dwell or reach. */
    minPeople: z.number().int().min(1).default(20),
    /** Survey/feedback rules need at least this many answers in the cell. */
    minResponses: z.number().int().min(1).default(5),
    /** Pain: conversion at least this far (absolute) below the stage's median cell conversion. */
    dropOffMargin: z.number().min(0).max(1).default(0.1),
    /** Opportunity: conversion at least this far above the stage's median cell conversion. */
    conversionMargin: z.number().min(0).max(1).default(0.1),
    /** Pain: median dwell at least this many times the stage's median of cell dwell medians. */
    dwellFactor: z.number().min(1).default(2),
    /** Pain: mean sentiment at or below this. */
    sentimentMax: z.number().min(-1).max(1).default(-0.2),
    /** Pain: CSAT satisfied share (4–5) below this. */
    csatMin: z.number().min(0).max(1).default(0.6),
    /** Pain: mean CES (1–7, higher = easier) below this. */
    cesMin: z.number().min(1).max(7).default(4),
    /** Opportunity: mean sentiment at or above this while the cell reaches fewer people than the stage's median cell. */
    positiveSentiment: z.number().min(-1).max(1).default(0.3),
  })
  .strict();
export type FlagThresholds = z.output<typeof flagThresholdsSchema>;

/** `POST /v1/analytics/journey-map`: the journey map of a segment over a period. */
export const journeyMapDefinitionSchema = z
  .object({
    segment: personFilterSchema.optional(),
    period: timeRangeSchema.optional(),
    /** Inactivity that starts a new session (default 30m). */
    sessionGap: durationSchema.default(30 * 60_000),
    thresholds: flagThresholdsSchema.default(flagThresholdsSchema.parse({})),
  })
  .strict();
export type JourneyMapDefinition = z.output<typeof journeyMapDefinitionSchema>;
