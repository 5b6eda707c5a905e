/** The journey digital twin: an absorbing Markov chain fitted on journeys, interventions, simulation. See docs/twin.md. */
export * from './twin-states.js';
export * from './twin-journey.js';
export * from './twin-chain.js';
export * from './twin-model.js';
export * from './twin-fit-options.js';
export { fitTwin } from './twin-fit.js';
export * from './absorbing.js';
export * from './chain-spec.js';
export * from './interventions.schema.js';
export * from './interventions.js';
export { drawTwinMix } from './posterior.js';
export * from './simulate.js';
export * from './scenario-notes.js';
