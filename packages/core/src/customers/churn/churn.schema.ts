import { z } from 'zod';
import { calendarDaySchema } from '../shared/calendar-day.js';

const day = calendarDaySchema;

/**
 * What churn means and how the model is trained. A person is in the population at a cutoff day
 * D when they have at least one active event on or before D; they churn when they have no active
 * event in the N days after D (D+1 … D+N, UTC days).
 */
export const churnDefinitionSchema = z
  .object({
    /** N: the days after the cutoff in which an active event keeps a person. */
    windowDays: z.number().int().min(1).max(365).default(30),
    /** The event (label) that counts as activity; absent = any event. */
    activeEvent: z.string().min(1).max(200).optional(),
    /** The purchase event for the purchase features. */
    purchase: z.string().min(1).max(200).default('Order Completed'),
    /** The purchase's value property (missing or non-numeric counts 0). */
    value: z.string().min(1).max(200).default('revenue'),
    /** "Today": people are scored on their history up to and including this day; default the latest event's day. */
    asOf: day('asOf').optional(),
    /** Inverse regularisation strength, as scikit-learn's LogisticRegression(C=…). */
    c: z.number().positive().max(1e6).default(1),
    /** How many people the answer lists, most at risk first. */
    top: z.number().int().min(0).max(100_000).default(20),
  })
  .strict();
export type ChurnInput = z.input<typeof churnDefinitionSchema>;
export type ChurnDefinition = z.output<typeof churnDefinitionSchema>;

/**
 * The model's features, in column order: the per-person columns the reference and the SQL compute,
 * then two derived from them — meanGapDays, the mean days between active days
 * ((tenureDays − recencyDays) / (activeDays − 1), 0 with one active day), and recencyToGap,
 * recencyDays / (meanGapDays + 1): how overdue the person is against their own rhythm.
 */
export const CHURN_FEATURES = [
  'recencyDays',
  'events7d',
  'events30d',
  'events90d',
  'tenureDays',
  'activeDays',
  'purchases',
  'purchaseValue',
  'stages',
  'meanGapDays',
  'recencyToGap',
] as const;
export type ChurnFeature = (typeof CHURN_FEATURES)[number];
/** The features computed per person (the rest are derived from these). */
export type ChurnRowFeature = Exclude<ChurnFeature, 'meanGapDays' | 'recencyToGap'>;

/** One person's features as of a cutoff day (history up to and including that day). */
export interface ChurnFeatureRow {
  personId: string;
  /** Days from the last active event's day to the cutoff day. */
  recencyDays: number;
  /** Events (any kind) in the 7, 30 and 90 days ending on the cutoff day. */
  events7d: number;
  events30d: number;
  events90d: number;
  /** Days from the first event's day to the cutoff day. */
  tenureDays: number;
  /** Distinct UTC days with an event. */
  activeDays: number;
  /** Purchase events and the sum of their value. */
  purchases: number;
  purchaseValue: number;
  /** Distinct journey stages the person's touchpoints reached. */
  stages: number;
}

/** A feature row with its label: churned = no active event in the window after the cutoff. */
export interface ChurnLabelledRow extends ChurnFeatureRow {
  churned: boolean;
}

export interface ChurnCoefficient {
  feature: ChurnFeature;
  /** Weight on the standardised log(1 + feature). */
  coefficient: number;
  /** Odds of churn multiplied by this per standard deviation more of log(1 + feature). */
  oddsRatio: number;
  /** The coefficient in words. */
  meaning: string;
}

export interface ChurnCalibrationBin {
  /** Predicted probability range [from, to). */
  from: number;
  to: number;
  people: number;
  meanPredicted: number;
  observedRate: number;
}

export interface ChurnReason {
  feature: ChurnFeature;
  value: number;
  /** coefficient × standardised value: its push on the log-odds (positive = towards churn). */
  contribution: number;
}

export interface ChurnScore {
  personId: string;
  probability: number;
  recencyDays: number;
  /** The three features that push this person's log-odds the most. */
  reasons: ChurnReason[];
}

/** The answer of `trailmap churn`. */
export interface ChurnResult {
  windowDays: number;
  activeEvent: string | null;
  /** The days used: train on trainCutoff, evaluate on testCutoff (= asOf − window), score on asOf. */
  trainCutoff: string;
  testCutoff: string;
  asOf: string;
  validation: {
    trainPeople: number;
    trainChurnRate: number;
    testPeople: number;
    testChurnRate: number;
    /** Model AUC on the test cutoff (trained on the train cutoff). */
    auc: number;
    /** AUC of recency alone (more days since the last active event = more likely to churn). */
    baselineAuc: number;
    brier: number;
    /** Brier score of always predicting the training churn rate. */
    baseRateBrier: number;
    calibration: ChurnCalibrationBin[];
  };
  /** The model refitted on the test cutoff (whose labels are complete by asOf) and used for the scores. */
  model: { intercept: number; coefficients: ChurnCoefficient[]; iterations: number; converged: boolean };
  /** People scored as of asOf. */
  scored: number;
  meanProbability: number;
  /** The `top` people most at risk. */
  people: ChurnScore[];
}
