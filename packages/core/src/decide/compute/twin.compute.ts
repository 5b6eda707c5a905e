import { fitTwin } from '../../twin/twin-fit.js';
import type { TwinFitInput } from '../../twin/twin-fit-options.js';
import type { TwinJourney } from '../../twin/twin-journey.js';
import { simulateTwin, type TwinSimulateOptions, type TwinSimulation } from '../../twin/simulate.js';
import { err, ok, type Result } from '../../result.js';
import type { DecideIssue } from './issue.js';

export type TwinSimulationComputed = TwinSimulation & { model: { journeys: number; conversions: number; states: number; segments: Array<string | null> } };

export const NO_JOURNEYS_MESSAGE = 'no journeys match the definition (conversion, lookback, range, segment): there is nothing to fit the twin on';

/** Fit the twin on the journeys and simulate the interventions against the baseline: the CPU half of a simulation. */
export function computeTwinSimulation(journeys: readonly TwinJourney[], fit: TwinFitInput, interventions: unknown, options: TwinSimulateOptions): Result<TwinSimulationComputed, DecideIssue> {
  if (journeys.length === 0) return err({ code: 'no_journeys', message: NO_JOURNEYS_MESSAGE });
  const model = fitTwin(journeys, fit);
  const sim = simulateTwin(model, interventions, options);
  if (!sim.ok) return err({ code: 'invalid_intervention', message: sim.error.message, ...(sim.error.field ? { field: sim.error.field } : {}) });
  return ok({ ...sim.value, model: { journeys: model.journeys, conversions: model.conversions, states: model.states.length - 1, segments: model.segments.map((s) => s.segment) } });
}
