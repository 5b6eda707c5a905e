import {
  churnFromRows,
  clvFromInput,
  personasFromRaw,
  computeAttribution,
  computeInterventions,
  computeKeyTouchpoints,
  computeTwinSimulation,
  computeTwinStates,
  ok,
  type AttributionComputeOptions,
  type ChurnDefinition,
  type ChurnFeatureRow,
  type ChurnLabelledRow,
  type ClvDefinition,
  type ClvFitInput,
  type PersonaDefinition,
  type PersonaRaw,
  type InterventionsComputeOptions,
  type InterventionsData,
  type Journey,
  type KeyTouchpointsComputeOptions,
  type KeyTouchpointsData,
  type TwinFitInput,
  type TwinJourney,
  type TwinSimulateOptions,
} from '@trailmap/core';

/**
 * The CPU-bound jobs the pool runs, by kind: each a pure function of structured-clone-able data
 * (what the store delivered and the request's knobs). The worker and the in-process path share
 * this table, so both compute the same thing.
 */
export const COMPUTE_JOBS = {
  attribution: (i: { journeys: Journey[]; options: AttributionComputeOptions }) => computeAttribution(i.journeys, i.options),
  keyTouchpoints: (i: { data: KeyTouchpointsData; options: KeyTouchpointsComputeOptions }) => ok(computeKeyTouchpoints(i.data, i.options)),
  interventions: (i: { data: InterventionsData; options: InterventionsComputeOptions }) => computeInterventions(i.data, i.options),
  twinSimulation: (i: { journeys: TwinJourney[]; fit: TwinFitInput; interventions: unknown; options: TwinSimulateOptions; conversionEvents?: string[] }) =>
    computeTwinSimulation(i.journeys, i.fit, i.interventions, i.options, i.conversionEvents),
  twinStates: (i: { journeys: TwinJourney[]; fit: TwinFitInput; conversionEvents: string[] }) => computeTwinStates(i.journeys, i.fit, i.conversionEvents),
  personas: (i: { raw: PersonaRaw[]; def: PersonaDefinition }) => personasFromRaw(i.raw, i.def),
  clv: (i: ClvFitInput & { def: ClvDefinition; opts: { people?: boolean } }) => clvFromInput(i, i.def, i.opts),
  churn: (i: { rows: { train: ChurnLabelledRow[]; test: ChurnLabelledRow[]; today: ChurnFeatureRow[] }; def: ChurnDefinition; days: { asOf: number; test: number; train: number } }) =>
    churnFromRows(i.rows, i.def, i.days),
} as const;

export type ComputeKind = keyof typeof COMPUTE_JOBS;
export type ComputeInput<K extends ComputeKind> = Parameters<(typeof COMPUTE_JOBS)[K]>[0];
export type ComputeOutput<K extends ComputeKind> = ReturnType<(typeof COMPUTE_JOBS)[K]>;

/** Run a job in this thread (the CLI's way, and the reference the worker's answers are checked against). */
export function runComputeJob<K extends ComputeKind>(kind: K, input: ComputeInput<K>): ComputeOutput<K> {
  const job = COMPUTE_JOBS[kind] as (i: ComputeInput<K>) => ComputeOutput<K>;
  return job(input);
}
