import { z } from 'zod';
import { churnDefinitionSchema, type ChurnDefinition } from '../churn/churn.schema.js';
import { clvDefinitionSchema, type ClvDefinition } from '../clv/clv.schema.js';
import { personaDefinitionSchema, type PersonaDefinition } from '../personas/persona.schema.js';
import { rfmDefinitionSchema, type RfmDefinition } from '../rfm/rfm.schema.js';

/**
 * What a scoring run computes over (`POST /v1/customers/scores`, `trailmap scores run`): the
 * purchase event and value property every model reads, CLV's horizon, unit and discount, churn's
 * window and, optionally, a fixed number of personas. Defaults are the models' own.
 */
export const scoreRunOptionsSchema = z
  .object({
    /** The purchase event (RFM, CLV, the personas' value feature, churn's purchase features). */
    purchase: z.string().min(1).max(200).default('Order Completed'),
    /** The purchase's value property; a missing or non-numeric value counts 0. */
    value: z.string().min(1).max(200).default('revenue'),
    /** CLV's prediction horizon, in `unit`s. */
    horizon: z.number().positive().max(36_500).default(90),
    unit: z.enum(['day', 'week']).default('day'),
    /** CLV's discount rate per 30-day period. */
    discount: z.number().min(0).max(10).default(0),
    /** Churn: the days after "today" in which an active event keeps a person. */
    windowDays: z.number().int().min(1).max(365).default(30),
    /** Personas: this many clusters; absent = the k (2–8) with the best silhouette. */
    k: z.number().int().min(2).max(20).optional(),
  })
  .strict();
export type ScoreRunInput = z.input<typeof scoreRunOptionsSchema>;
export type ScoreRunOptions = z.output<typeof scoreRunOptionsSchema>;

/** The four models' definitions for a run's options (churn scores every person, not a top list). */
export function scoreRunDefinitions(o: ScoreRunOptions): { rfm: RfmDefinition; clv: ClvDefinition; personas: PersonaDefinition; churn: ChurnDefinition } {
  const base = { purchase: o.purchase, value: o.value };
  return {
    rfm: rfmDefinitionSchema.parse(base),
    clv: clvDefinitionSchema.parse({ ...base, horizon: o.horizon, unit: o.unit, discount: o.discount }),
    personas: personaDefinitionSchema.parse({ ...base, ...(o.k === undefined ? {} : { kMin: o.k, kMax: o.k }) }),
    churn: { ...churnDefinitionSchema.parse({ ...base, windowDays: o.windowDays }), top: Number.POSITIVE_INFINITY },
  };
}

/** A model the run could not fit on this data (NotEnoughDataError, or nothing to score): why. */
export interface SkippedModel {
  skipped: string;
}
export const isSkipped = (m: object): m is SkippedModel => 'skipped' in m;

/** One persona of a run: its key (`persona-1` …), cluster index, display name and size. */
export interface ScoreRunPersona {
  key: string;
  cluster: number;
  name: { en: string; zh: string };
  description: { en: string; zh: string };
  size: number;
}

/** What a run did to the saved persona segments (state store). */
export interface PersonaSegmentsOutcome {
  /** The keys saved (created or updated) for this run's clusters. */
  saved: string[];
  /** Persona segments of clusters that no longer exist, deleted. */
  deleted: string[];
  /** Persona segments of clusters that no longer exist, kept because another segment refers to them. */
  kept: Array<{ key: string; referredBy: string[] }>;
  /** Keys a segment with another rule already has: left alone, no persona segment saved there. */
  taken: string[];
}

/**
 * A scoring run's answer (`POST`/`GET /v1/customers/scores`, `trailmap scores run|show --json`):
 * when it ran, how many people it scored, and each model's headline or why it was skipped.
 */
export interface ScoreRunSummary {
  /** The run's instant: its rows' scored_at, shown on the profile as the scores' age. */
  scoredAt: string;
  completedAt: string;
  /** Distinct people with at least one score. */
  people: number;
  options: ScoreRunOptions;
  rfm: { people: number; asOf: string | null } | SkippedModel;
  personas: { k: number; asOf: string | null; clusters: ScoreRunPersona[] } | SkippedModel;
  clv: { customers: number; repeaters: number; horizon: number; unit: 'day' | 'week'; asOf: string | null } | SkippedModel;
  churn: { scored: number; auc: number; baselineAuc: number; asOf: string } | SkippedModel;
  /** Set where the run saved persona segments (the server and the CLI do; a bare warehouse run does not). */
  personaSegments?: PersonaSegmentsOutcome;
}

/** `GET /v1/customers/scores`: the latest complete run's summary, null before the first run. */
export interface LatestScoreRunAnswer {
  run: ScoreRunSummary | null;
}
