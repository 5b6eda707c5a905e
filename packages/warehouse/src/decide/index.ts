export * from './attribution.js';
export * from './key-touchpoints.js';
export * from './twin.js';
export * from './interventions.js';
export * from './decide-error.js';
