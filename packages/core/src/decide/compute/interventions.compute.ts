import { fitTwin } from '../../twin/twin-fit.js';
import type { TwinFitInput } from '../../twin/twin-fit-options.js';
import type { TwinJourney } from '../../twin/twin-journey.js';
import { simulateTwin } from '../../twin/simulate.js';
import { err, ok, type Result } from '../../result.js';
import { candidateInterventions, rankInterventions, type InterventionOverrides, type RankedIntervention } from '../interventions.js';
import type { DecideIssue } from './issue.js';
import { computeKeyTouchpoints, type KeyTouchpointsComputeOptions, type KeyTouchpointsData } from './key-touchpoints.compute.js';
import { NO_JOURNEYS_MESSAGE } from './twin.compute.js';

/** The key-touchpoint evidence and the twin's journeys (labelled by touchpoint), as the store delivers them. */
export interface InterventionsData {
  key: KeyTouchpointsData;
  twinJourneys: TwinJourney[];
}

export interface InterventionsComputeOptions extends KeyTouchpointsComputeOptions {
  top: number;
  journeys?: number | undefined;
  draws: number;
  seed: number;
  fit: TwinFitInput;
  /** The team's validated feasibility, cost and effect parameters. */
  overrides: InterventionOverrides;
}

export interface InterventionsComputed {
  journeys: number;
  interventions: RankedIntervention[];
}

/**
 * Candidate actions at the key touchpoints, each simulated in the twin with the team's effect
 * parameters where set, ranked by ROI with the team's feasibility and cost where set.
 */
export function computeInterventions(data: InterventionsData, o: InterventionsComputeOptions): Result<InterventionsComputed, DecideIssue> {
  if (data.twinJourneys.length === 0) return err({ code: 'no_journeys', message: NO_JOURNEYS_MESSAGE });
  const key = computeKeyTouchpoints(data.key, o);
  const model = fitTwin(data.twinJourneys, o.fit);
  const candidates = candidateInterventions(key.touchpoints, key.evidence, model.overall.chain, o.top, o.overrides);
  const simulated = [];
  for (const c of candidates) {
    const sim = simulateTwin(model, c.twin, { draws: o.draws, seed: o.seed, ...(o.journeys ? { journeys: o.journeys } : {}) });
    if (!sim.ok) continue; // a candidate the twin cannot express (e.g. a pooled state) is left out
    simulated.push({ ...c, uplift: { conversions: sim.value.change.conversions, revenue: sim.value.change.revenue, conversionRate: sim.value.change.conversionRate } });
  }
  return ok({ journeys: o.journeys ?? model.journeys, interventions: rankInterventions(simulated, o.overrides) });
}
