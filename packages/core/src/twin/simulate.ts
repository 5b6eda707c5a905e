import { z } from 'zod';
import { Rng } from '../demo/prng.js';
import { err, ok, type Result } from '../result.js';
import { twinAnalytics, twinConversionProbability } from './absorbing.js';
import { applyTwinInterventions, twinBaselineMix, type TwinError, type TwinMix } from './interventions.js';
import { twinInterventionsSchema, type TwinIntervention } from './interventions.schema.js';
import type { TwinModel } from './twin-model.js';
import { drawTwinMix } from './posterior.js';
import { binomial, normal, percentile } from './random.js';
import { explainTwinScenario, mapConversionEvents, type TwinNote, type TwinTransitionChange } from './scenario-notes.js';

/** Most posterior draws one simulation may ask for (each draw solves every segment's chain twice). */
export const TWIN_MAX_DRAWS = 5000;

export const twinSimulateOptionsSchema = z
  .object({
    /** Journeys to project for (people entering the journey); default: as many as were fitted. */
    journeys: z.number().int().min(1).max(1e12).optional(),
    seed: z.number().int().default(1),
    /** Posterior draws behind the intervals. */
    draws: z.number().int().min(20).max(TWIN_MAX_DRAWS).default(400),
    /** Confidence level of the intervals. */
    level: z.number().gt(0).lt(1).default(0.95),
    /** CLV multiplier: expected purchases of a person who converts, over the horizon (default 1). */
    purchasesPerConverter: z.number().min(0).max(1e6).default(1),
  })
  .strict();
export type TwinSimulateOptions = z.input<typeof twinSimulateOptionsSchema>;

/** A point estimate (from the fitted chains) with its interval (posterior percentiles). */
export interface TwinInterval {
  estimate: number;
  low: number;
  high: number;
}

/** Closed-form outputs of a mix of segment chains. */
export interface TwinMixSummary {
  /** Σ share · P(conversion). */
  conversionRate: number;
  /** Σ share · P(conversion) · value per conversion: expected revenue per journey. */
  revenuePerJourney: number;
  /** Mean value of a conversion (revenue per journey / conversion rate); 0 when nothing converts. */
  valuePerConversion: number;
  expectedSteps: number;
  expectedStepsToConvert: number | null;
  expectedTimeToConvertMs: number | null;
  segments: { segment: string | null; share: number; conversionRate: number }[];
}

/** One side of the comparison, projected for `journeys` journeys. */
export interface TwinArm extends Omit<TwinMixSummary, 'conversionRate' | 'revenuePerJourney'> {
  /** Observed rate among `journeys` journeys: predictive (parameter and sampling uncertainty). */
  conversionRate: TwinInterval;
  conversions: TwinInterval;
  revenue: TwinInterval;
  /** Expected value per person: P(conversion) × value per conversion × purchases per converter. */
  clv: TwinInterval;
}

export interface TwinSimulation {
  journeys: number;
  draws: number;
  level: number;
  seed: number;
  interventions: TwinIntervention[];
  baseline: TwinArm;
  scenario: TwinArm;
  /** Scenario − baseline in expectation (parameter uncertainty; the same draw on both sides). */
  change: {
    conversionRate: TwinInterval;
    conversions: TwinInterval;
    revenue: TwinInterval;
    clv: TwinInterval;
    /** Scenario rate / baseline rate − 1. */
    relativeConversion: TwinInterval;
  };
  /** Share of draws in which the scenario converts more than the baseline. */
  probabilityOfIncrease: number;
  /** P(from → to) now and in the scenario, for each transition intervention. */
  transitions: TwinTransitionChange[];
  /** Why the scenario cannot change the outcome, or how a name was read (see `TwinNoteCode`). */
  notes: TwinNote[];
}

/** Closed-form summary of a mix: conversion, revenue per journey, steps and time, per segment too. */
export function twinMixSummary(mix: TwinMix): TwinMixSummary {
  let rate = 0, rev = 0, steps = 0, stepsConv = 0, timeConv = 0, timed = 0;
  const segments = mix.segments.map((s) => {
    const a = twinAnalytics(s.chain);
    const pw = s.share * a.conversionProbability;
    rate += pw;
    rev += pw * s.valueMean;
    steps += s.share * a.expectedSteps;
    if (a.expectedStepsToConvert !== null) stepsConv += pw * a.expectedStepsToConvert;
    if (a.expectedTimeToConvertMs !== null) { timeConv += pw * a.expectedTimeToConvertMs; timed += pw; }
    return { segment: s.segment, share: s.share, conversionRate: a.conversionProbability };
  });
  return {
    conversionRate: rate,
    revenuePerJourney: rev,
    valuePerConversion: rate > 0 ? rev / rate : 0,
    expectedSteps: steps,
    expectedStepsToConvert: rate > 0 ? stepsConv / rate : null,
    expectedTimeToConvertMs: timed > 0 ? timeConv / timed : null,
    segments,
  };
}

/** Conversion probability and revenue per journey of a mix: the per-draw hot path. */
function quick(mix: TwinMix): { p: number; rev: number } {
  let p = 0, rev = 0;
  for (const s of mix.segments) {
    if (s.share === 0) continue;
    const q = s.share * twinConversionProbability(s.chain);
    p += q;
    rev += q * s.valueMean;
  }
  return { p, rev };
}

/**
 * Project baseline and scenario (baseline + interventions) for `journeys` journeys.
 *
 * Estimates come from the fitted (maximum-likelihood) chains in closed form. Intervals come from
 * `draws` posterior draws of the whole model (see `drawTwinMix`): in each draw the interventions
 * are applied to the drawn chains and both sides are solved in closed form. Baseline and scenario
 * intervals are predictive for `journeys` journeys (a binomial draw of conversions and the
 * spread of order values on top of the parameter draw); the change is in expectation, both sides
 * from the same parameter draw, so it narrows as the fitted data grows.
 */
export function simulateTwin(
  model: TwinModel,
  interventions: unknown,
  options: TwinSimulateOptions = {},
  /** Names of the conversion event: as a `to` they mean `(conversion)` (see `mapConversionEvents`). */
  conversionEvents: readonly string[] = [],
): Result<TwinSimulation, TwinError> {
  const parsedOpts = twinSimulateOptionsSchema.safeParse(options);
  if (!parsedOpts.success) {
    const issue = parsedOpts.error.issues[0]!;
    return err({ field: ['options', ...issue.path].join('.'), message: issue.message });
  }
  const opts = parsedOpts.data;
  const parsed = twinInterventionsSchema.safeParse(interventions);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.reduce<string>((f, p) => (typeof p === 'number' ? `${f}[${p}]` : `${f}.${String(p)}`), 'interventions');
    return err({ field, message: issue.message });
  }
  const mapped = mapConversionEvents(model, parsed.data, conversionEvents);
  if (!mapped.ok) return mapped;
  const ivs = mapped.value.interventions;
  const N = opts.journeys ?? model.journeys;
  const base = twinBaselineMix(model);
  const scen = applyTwinInterventions(base, ivs);
  if (!scen.ok) return scen;
  const b = twinMixSummary(base), s = twinMixSummary(scen.value);

  const D = opts.draws, rng = new Rng(opts.seed);
  const sd = model.overall.value.sd, k = opts.purchasesPerConverter;
  const arr = () => new Float64Array(D);
  const bs = { rate: arr(), conv: arr(), rev: arr(), clv: arr() }, ss = { rate: arr(), conv: arr(), rev: arr(), clv: arr() };
  const dRate = arr(), dRev = arr(), dClv = arr(), dRel = arr();
  let up = 0;
  const predictive = (out: typeof bs, d: number, q: { p: number; rev: number }) => {
    const conv = binomial(rng, N, q.p);
    const mean = q.p > 0 ? q.rev / q.p : 0;
    out.conv[d] = conv;
    out.rate[d] = conv / N;
    out.rev[d] = conv * mean + sd * Math.sqrt(conv) * normal(rng);
    out.clv[d] = q.rev * k;
  };
  for (let d = 0; d < D; d++) {
    const drawn = drawTwinMix(model, rng);
    const sc = applyTwinInterventions(drawn, ivs);
    if (!sc.ok) return sc;
    const qb = quick(drawn), qs = quick(sc.value);
    predictive(bs, d, qb);
    predictive(ss, d, qs);
    dRate[d] = qs.p - qb.p;
    dRev[d] = qs.rev - qb.rev;
    dClv[d] = (qs.rev - qb.rev) * k;
    dRel[d] = qb.p > 0 ? qs.p / qb.p - 1 : 0;
    if (qs.p > qb.p) up++;
  }
  const lo = (1 - opts.level) / 2, hi = 1 - lo;
  const iv = (estimate: number, xs: Float64Array, scale = 1): TwinInterval => ({ estimate: estimate * scale, low: percentile(xs, lo) * scale, high: percentile(xs, hi) * scale });
  const arm = (m: TwinMixSummary, x: typeof bs): TwinArm => ({
    conversionRate: iv(m.conversionRate, x.rate),
    conversions: iv(m.conversionRate * N, x.conv),
    revenue: iv(m.revenuePerJourney * N, x.rev),
    clv: iv(m.revenuePerJourney * k, x.clv),
    valuePerConversion: m.valuePerConversion,
    expectedSteps: m.expectedSteps,
    expectedStepsToConvert: m.expectedStepsToConvert,
    expectedTimeToConvertMs: m.expectedTimeToConvertMs,
    segments: m.segments,
  });
  return ok({
    journeys: N,
    draws: D,
    level: opts.level,
    seed: opts.seed,
    interventions: ivs,
    baseline: arm(b, bs),
    scenario: arm(s, ss),
    change: {
      conversionRate: iv(s.conversionRate - b.conversionRate, dRate),
      conversions: iv(s.conversionRate - b.conversionRate, dRate, N),
      revenue: iv(s.revenuePerJourney - b.revenuePerJourney, dRev, N),
      clv: iv((s.revenuePerJourney - b.revenuePerJourney) * k, dClv),
      relativeConversion: iv(b.conversionRate > 0 ? s.conversionRate / b.conversionRate - 1 : 0, dRel),
    },
    probabilityOfIncrease: up / D,
    ...(() => {
      const why = explainTwinScenario(model, base, scen.value, ivs, s.conversionRate - b.conversionRate);
      return { transitions: why.transitions, notes: [...mapped.value.notes, ...why.notes] };
    })(),
  });
}
