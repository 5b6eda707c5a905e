import { fitTwin } from '../../twin/twin-fit.js';
import { TWIN_CONVERSION, TWIN_DROP } from '../../twin/twin-states.js';
import type { TwinFitInput } from '../../twin/twin-fit-options.js';
import type { TwinJourney } from '../../twin/twin-journey.js';
import { simulateTwin, type TwinSimulateOptions, type TwinSimulation } from '../../twin/simulate.js';
import { err, ok, type Result } from '../../result.js';
import type { DecideIssue } from './issue.js';

export type TwinSimulationComputed = TwinSimulation & { model: { journeys: number; conversions: number; states: number; segments: Array<string | null> } };

export const NO_JOURNEYS_MESSAGE = 'no journeys match the definition (conversion, lookback, range, segment): there is nothing to fit the twin on';

/** Fit the twin on the journeys and simulate the interventions against the baseline: the CPU half of a simulation. */
export function computeTwinSimulation(
  journeys: readonly TwinJourney[],
  fit: TwinFitInput,
  interventions: unknown,
  options: TwinSimulateOptions,
  conversionEvents: readonly string[] = [],
): Result<TwinSimulationComputed, DecideIssue> {
  if (journeys.length === 0) return err({ code: 'no_journeys', message: NO_JOURNEYS_MESSAGE });
  const model = fitTwin(journeys, fit);
  const sim = simulateTwin(model, interventions, options, conversionEvents);
  if (!sim.ok) return err({ code: 'invalid_intervention', message: sim.error.message, ...(sim.error.field ? { field: sim.error.field } : {}) });
  return ok({ ...sim.value, model: { journeys: model.journeys, conversions: model.conversions, states: model.states.length - 1, segments: model.segments.map((s) => s.segment) } });
}

/** The states a simulation may name, most visited first: what the web's lists offer. */
export interface TwinStateList {
  /** Transient states with their visits over the fitted journeys (`(start)` left out). */
  states: { name: string; visits: number }[];
  /** The absorbing targets: `(conversion)` (the conversion event) and `(null)` (the journey ends). */
  targets: string[];
  /** The conversion event names that mean `(conversion)`. */
  conversionEvents: string[];
  journeys: number;
  /** Labels pooled into `(other)` (seen fewer than `minCount` times). */
  pooled: string[];
}

/** Fit the twin and list its states: the CPU half of `POST /v1/twin/states`. */
export function computeTwinStates(journeys: readonly TwinJourney[], fit: TwinFitInput, conversionEvents: readonly string[] = []): Result<TwinStateList, DecideIssue> {
  if (journeys.length === 0) return err({ code: 'no_journeys', message: NO_JOURNEYS_MESSAGE });
  const model = fitTwin(journeys, fit);
  const states = model.states.map((name, i) => ({ name, visits: model.visits[i]! })).slice(1);
  return ok({ states, targets: [TWIN_CONVERSION, TWIN_DROP], conversionEvents: [...conversionEvents], journeys: model.journeys, pooled: [...model.pooled] });
}
