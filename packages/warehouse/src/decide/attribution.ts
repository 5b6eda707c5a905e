import { z } from 'zod';
import {
  ATTRIBUTION_MODELS,
  computeAttribution,
  conversionPathsSchema,
  SHAPLEY_MAX_SAMPLES,
  type AttributionComputed,
  type AttributionComputeOptions,
  halfLifeSchema,
  type AttributionResult,
  type Journey,
  type JourneyCut,
  type ModelComparison,
} from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { runConversionPaths } from '../analytics/conversion-paths/index.js';
import { unwrapDecide } from './decide-error.js';

/**
 * An attribution question: which journeys (the conversion-paths definition: conversion event,
 * lookback, label by touchpoint/event/channel, repeats, range, segment) and which model.
 * `model: "all"` (the default) runs every model side by side.
 */
export const attributionRequestSchema = conversionPathsSchema
  .extend({
    model: z.enum([...ATTRIBUTION_MODELS, 'all']).default('all'),
    /** Markov order (1 to 4). */
    order: z.number().int().min(1).max(4).default(1),
    /** Time-decay half-life. */
    halfLife: halfLifeSchema.default(7 * 86_400_000),
    /** Position-based shares of the first and last touch. */
    first: z.number().min(0).max(1).default(0.4),
    last: z.number().min(0).max(1).default(0.4),
    /** Shapley: exact up to 15 labels, Monte Carlo beyond (or forced). */
    shapleyMethod: z.enum(['auto', 'exact', 'monte-carlo']).default('auto'),
    samples: z.number().int().min(2).max(SHAPLEY_MAX_SAMPLES).default(2000),
    seed: z.number().int().default(1),
  })
  .strict()
  .refine((r) => r.first + r.last <= 1, { message: 'first + last must be at most 1', path: ['last'] });
export type AttributionRequest = z.output<typeof attributionRequestSchema>;

/** Every answer says what the optional `maxTouches` cap cut (`cut.journeys` is 0 without a cap). */
export type AttributionResponse = ((AttributionResult & { by: AttributionRequest['by'] }) | (ModelComparison & { model: 'all'; by: AttributionRequest['by'] })) & {
  cut: JourneyCut;
};

/** The data half: the request's conversion paths, extracted in the engine, and what the cap cut. */
export async function fetchAttributionData(db: SqlSession, req: AttributionRequest): Promise<{ journeys: Journey[]; cut: JourneyCut }> {
  const { model: _m, order: _o, halfLife: _h, first: _f, last: _l, shapleyMethod: _s, samples: _n, seed: _r, ...paths } = req;
  return runConversionPaths(db, conversionPathsSchema.parse(paths));
}

/** The model knobs of a request, for `computeAttribution`. */
export function attributionComputeOptions(req: AttributionRequest): AttributionComputeOptions {
  const { model, order, halfLife, first, last, shapleyMethod, samples, seed, collapseRepeats } = req;
  return { model, order, halfLife, first, last, shapleyMethod, samples, seed, collapseRepeats };
}

/** A computed attribution as the API answers it (with the label kind and the cut). */
export function attributionResponse(req: AttributionRequest, computed: AttributionComputed, cut: JourneyCut): AttributionResponse {
  return { ...computed, by: req.by, cut } as AttributionResponse;
}

/** Extract the journeys in the engine, then run the model(s) in TypeScript, in this thread. */
export async function runAttribution(db: SqlSession, req: AttributionRequest): Promise<AttributionResponse> {
  const { journeys, cut } = await fetchAttributionData(db, req);
  return attributionResponse(req, unwrapDecide(computeAttribution(journeys, attributionComputeOptions(req))), cut);
}
