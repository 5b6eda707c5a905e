import { NotEnoughDataError } from '../shared/not-enough-data.js';
import type { AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { brierScore, calibrationBins, rocAuc, standardise, standardiser } from './churn-metrics.js';
import { churnFeatures, churnLabelled, dayOfText, dayText, latestEventDay } from './churn-reference.js';
import { CHURN_FEATURES, type ChurnCoefficient, type ChurnDefinition, type ChurnFeature, type ChurnFeatureRow, type ChurnLabelledRow, type ChurnResult, type ChurnScore } from './churn.schema.js';
import { fitLogistic, predictLogistic, type LogisticModel } from './logistic-regression.js';

/** The three days of a run: asOf ("today"), testCutoff = asOf − N, trainCutoff = asOf − 2N. */
export function churnDays(def: Pick<ChurnDefinition, 'asOf' | 'windowDays'>, latestDay: number | null): { asOf: number; test: number; train: number } | null {
  const asOf = def.asOf !== undefined ? dayOfText(def.asOf) : latestDay;
  if (asOf === null) return null;
  return { asOf, test: asOf - def.windowDays, train: asOf - 2 * def.windowDays };
}

/** A feature's value for a person, derived ones included (see CHURN_FEATURES). */
export function featureValue(r: ChurnFeatureRow, f: ChurnFeature): number {
  if (f === 'meanGapDays') return r.activeDays > 1 ? Math.max(0, r.tenureDays - r.recencyDays) / (r.activeDays - 1) : 0;
  if (f === 'recencyToGap') return r.recencyDays / (featureValue(r, 'meanGapDays') + 1);
  return r[f];
}

/** The model's inputs: log(1 + feature) for each feature (all are counts, days or sums ≥ 0; negatives are clipped to 0). */
export const featureVector = (r: ChurnFeatureRow): number[] => CHURN_FEATURES.map((f) => Math.log1p(Math.max(0, featureValue(r, f))));

const WORDS: Record<ChurnFeature, string> = {
  recencyDays: 'days since the last active event',
  events7d: 'events in the last 7 days',
  events30d: 'events in the last 30 days',
  events90d: 'events in the last 90 days',
  tenureDays: 'days since the first event',
  activeDays: 'distinct active days',
  purchases: 'purchases',
  purchaseValue: 'purchase value',
  stages: 'journey stages reached',
  meanGapDays: 'mean days between active days',
  recencyToGap: 'days since active relative to the usual gap',
};

/** A coefficient in words: which way and how strongly one standard deviation more moves the odds of churn. */
export function explainCoefficient(feature: ChurnFeature, coefficient: number): string {
  const odds = Math.exp(coefficient);
  if (Math.abs(coefficient) < 0.05) return `${WORDS[feature]}: little effect (odds ×${odds.toFixed(2)} per standard deviation)`;
  return coefficient > 0
    ? `more ${WORDS[feature]} → more likely to churn (odds ×${odds.toFixed(2)} per standard deviation of log(1 + value))`
    : `more ${WORDS[feature]} → less likely to churn (odds ×${odds.toFixed(2)} per standard deviation of log(1 + value))`;
}

interface Fitted {
  model: LogisticModel;
  scaler: { mean: number[]; scale: number[] };
}

function fit(rows: readonly ChurnLabelledRow[], c: number): Fitted {
  const raw = rows.map(featureVector);
  const scaler = standardiser(raw);
  const model = fitLogistic(raw.map((r) => standardise(scaler, r)), rows.map((r) => (r.churned ? 1 : 0)), { c, maxIter: 200, tol: 1e-10 });
  return { model, scaler };
}

const score = (f: Fitted, r: ChurnFeatureRow) => predictLogistic(f.model, standardise(f.scaler, featureVector(r)));

/**
 * Train on the train cutoff, evaluate on the test cutoff (AUC, recency-only AUC, Brier, calibration),
 * refit on the test cutoff and score everyone active as of asOf. Rows are the per-cutoff
 * features (and labels) the reference or the SQL computed.
 */
export function churnFromRows(
  rows: { train: readonly ChurnLabelledRow[]; test: readonly ChurnLabelledRow[]; today: readonly ChurnFeatureRow[] },
  def: ChurnDefinition,
  days: { asOf: number; test: number; train: number },
): ChurnResult {
  if (rows.train.length < 2 || new Set(rows.train.map((r) => r.churned)).size < 2)
    throw new NotEnoughDataError(`not enough history to train: at the train cutoff ${dayText(days.train)} there must be people who churned and people who stayed (found ${rows.train.length} people)`);
  const first = fit(rows.train, def.c);
  const testLabels = rows.test.map((r) => r.churned);
  const testP = rows.test.map((r) => score(first, r));
  const trainRate = rows.train.filter((r) => r.churned).length / rows.train.length;
  const final = rows.test.length >= 2 && new Set(testLabels).size === 2 ? fit(rows.test, def.c) : first;
  const coefficients: ChurnCoefficient[] = CHURN_FEATURES.map((feature, j) => {
    const coefficient = final.model.weights[j]!;
    return { feature, coefficient, oddsRatio: Math.exp(coefficient), meaning: explainCoefficient(feature, coefficient) };
  });
  const scores: ChurnScore[] = rows.today.map((r) => {
    const z = standardise(final.scaler, featureVector(r));
    const reasons = CHURN_FEATURES.map((feature, j) => ({ feature, value: featureValue(r, feature), contribution: final.model.weights[j]! * z[j]! }))
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
      .slice(0, 3);
    return { personId: r.personId, probability: predictLogistic(final.model, z), recencyDays: r.recencyDays, reasons };
  });
  scores.sort((a, b) => b.probability - a.probability || (a.personId < b.personId ? -1 : 1));
  return {
    windowDays: def.windowDays,
    activeEvent: def.activeEvent ?? null,
    trainCutoff: dayText(days.train),
    testCutoff: dayText(days.test),
    asOf: dayText(days.asOf),
    validation: {
      trainPeople: rows.train.length,
      trainChurnRate: trainRate,
      testPeople: rows.test.length,
      testChurnRate: rows.test.length ? testLabels.filter(Boolean).length / rows.test.length : Number.NaN,
      auc: rocAuc(testP, testLabels),
      baselineAuc: rocAuc(rows.test.map((r) => r.recencyDays), testLabels),
      brier: brierScore(testP, testLabels),
      baseRateBrier: brierScore(testP.map(() => trainRate), testLabels),
      calibration: calibrationBins(testP, testLabels),
    },
    model: { intercept: final.model.intercept, coefficients, iterations: final.model.iterations, converged: final.model.converged },
    scored: scores.length,
    meanProbability: scores.length ? scores.reduce((s, x) => s + x.probability, 0) / scores.length : Number.NaN,
    people: scores.slice(0, def.top),
  };
}

/** Churn from events (the reference pipeline). */
export function churn(events: readonly AnalyticsEvent[], def: ChurnDefinition): ChurnResult {
  const days = churnDays(def, latestEventDay(events));
  if (!days) throw new NotEnoughDataError('no events to score churn on');
  return churnFromRows(
    { train: churnLabelled(events, def, days.train), test: churnLabelled(events, def, days.test), today: churnFeatures(events, def, days.asOf) },
    def,
    days,
  );
}
