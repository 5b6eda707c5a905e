import { z } from 'zod';
import {
  ATTRIBUTION_MODELS,
  attribute,
  compareModels,
  conversionPathsSchema,
  durationSchema,
  type AttributionResult,
  type ModelComparison,
} from '@trailmap/core';
import type { SqlSession } from '../warehouse.js';
import { runConversionPaths } from '../analytics/conversion-paths/index.js';

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
    halfLife: durationSchema.default(7 * 86_400_000),
    /** Position-based shares of the first and last touch. */
    first: z.number().min(0).max(1).default(0.4),
    last: z.number().min(0).max(1).default(0.4),
    /** Shapley: exact up to 15 labels, Monte Carlo beyond (or forced). */
    shapleyMethod: z.enum(['auto', 'exact', 'monte-carlo']).default('auto'),
    samples: z.number().int().min(2).max(1_000_000).default(2000),
    seed: z.number().int().default(1),
  })
  .strict()
  .refine((r) => r.first + r.last <= 1, { message: 'first + last must be at most 1', path: ['last'] });
export type AttributionRequest = z.output<typeof attributionRequestSchema>;

export type AttributionResponse = (AttributionResult & { by: AttributionRequest['by'] }) | (ModelComparison & { model: 'all'; by: AttributionRequest['by'] });

/** Extract the journeys in the engine, then run the model(s) in TypeScript. */
export async function runAttribution(db: SqlSession, req: AttributionRequest): Promise<AttributionResponse> {
  const { model, order, halfLife, first, last, shapleyMethod, samples, seed, ...paths } = req;
  const { journeys } = await runConversionPaths(db, conversionPathsSchema.parse(paths));
  const collapseRepeats = req.collapseRepeats;
  if (model === 'all') {
    const cmp = compareModels(journeys, { collapseRepeats, halfLife, position: { first, last }, markovOrder: order, shapley: { method: shapleyMethod, samples, seed } });
    return { model: 'all', by: req.by, ...cmp };
  }
  const spec =
    model === 'markov'
      ? { model, order, collapseRepeats }
      : model === 'time-decay'
        ? { model, halfLife, collapseRepeats }
        : model === 'position'
          ? { model, first, last, collapseRepeats }
          : model === 'shapley'
            ? { model, method: shapleyMethod, samples, seed, collapseRepeats }
            : { model, collapseRepeats };
  return { ...attribute(journeys, spec), by: req.by };
}
