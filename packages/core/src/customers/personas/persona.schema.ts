import { z } from 'zod';
import { calendarDaySchema } from '../shared/calendar-day.js';


/** How personas are found: the behavioural features as of a day, and the k-means search. */
export const personaDefinitionSchema = z
  .object({
    /** Events up to and including this UTC day; default: the day of the latest event. */
    asOf: calendarDaySchema('asOf')
      .optional(),
    /** The purchase event whose value property is summed into the "value" feature. */
    purchase: z.string().min(1).max(200).default('Order Completed'),
    /** The purchase's value property; a missing or non-numeric value counts 0. */
    value: z.string().min(1).max(200).default('revenue'),
    /** Which event column the mix features are shares of: channel, journey stage or touchpoint. */
    mix: z.enum(['channel', 'stage', 'touchpoint']).default('channel'),
    /** Text property whose values give the category mix (share of the events carrying it). */
    category: z.string().min(1).max(200).default('category'),
    /** Feedback event and numeric property averaged into the sentiment feature. */
    sentimentEvent: z.string().min(1).max(200).default('Review Posted'),
    sentimentProperty: z.string().min(1).max(200).default('rating'),
    /** Range of k tried; the k with the best silhouette wins. */
    kMin: z.number().int().min(2).max(20).default(2),
    kMax: z.number().int().min(2).max(20).default(8),
    /** Seed of every random choice (k-means++ draws, silhouette sample). */
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(0),
    /** k-means restarts per k (the run with the lowest inertia is kept). */
    restarts: z.number().int().min(1).max(100).default(10),
    /** Lloyd iterations at most per restart. */
    maxIterations: z.number().int().min(1).max(10_000).default(300),
    /** Silhouette is exact up to this many people, and on a seeded sample of this size above. */
    silhouetteSample: z.number().int().min(10).max(20_000).default(3000),
  })
  .strict()
  .refine((d) => d.kMin <= d.kMax, 'kMin must not exceed kMax');
export type PersonaInput = z.input<typeof personaDefinitionSchema>;
export type PersonaDefinition = z.output<typeof personaDefinitionSchema>;

/** One person's raw behaviour as of the day, as both the SQL and the TypeScript reference return it. */
export interface PersonaRaw {
  personId: string;
  /** Number of events. */
  events: number;
  /** Time (ms) of the latest event. */
  lastMs: number;
  /** Sum of the value property over purchase events. */
  value: number;
  /** Events per mix value (channel, stage or touchpoint). */
  mix: Record<string, number>;
  /** Events carrying the category property, per category value. */
  categories: Record<string, number>;
  /** Sum and count of the numeric sentiment property over the sentiment event. */
  sentimentSum: number;
  sentimentCount: number;
}

/** A feature of the matrix: its name, kind and (for mix features) the value it is a share of. */
export interface PersonaFeature {
  name: string;
  kind: 'frequency' | 'recency' | 'value' | 'mix' | 'category' | 'sentiment';
  /** The channel/stage/touchpoint or category value for mix and category features. */
  of?: string;
}

/** One cluster of the chosen k. */
export interface PersonaCluster {
  /** 0-based cluster index, clusters ordered by size (largest first). */
  cluster: number;
  size: number;
  share: number;
  /** Mean of each kept feature in its original unit (events, days, value, share 0–1, rating). */
  centroid: Record<string, number>;
  /** Mean of each kept feature in standard deviations from the population mean. */
  zCentroid: Record<string, number>;
  /** The distinguishing features (largest |z|, at least 0.5), most distinguishing first. */
  traits: { feature: string; z: number; en: string; zh: string }[];
  /** Display name (the first two traits) and a description sentence. */
  name: { en: string; zh: string };
  description: { en: string; zh: string };
}

/** The answer of `trailmap personas`. */
export interface PersonaResult {
  asOf: string | null;
  people: number;
  mix: 'channel' | 'stage' | 'touchpoint';
  /** The features clustered on (standardised), and the constant ones dropped. */
  features: PersonaFeature[];
  dropped: string[];
  /** People without a sentiment value get the population mean (so z = 0); how many. */
  sentimentImputed: number;
  /** Silhouette and inertia (standardised space) per k tried. */
  byK: { k: number; silhouette: number; inertia: number; iterations: number }[];
  /** Whether the silhouette used every person or a seeded sample, and how many. */
  silhouette: { exact: boolean; sampled: number };
  k: number | null;
  clusters: PersonaCluster[];
  /** Each person's cluster, in person id order. */
  assignments: { personId: string; cluster: number }[];
  /** Why no clustering was possible (too few people, no varying feature), else absent. */
  note?: string;
}
