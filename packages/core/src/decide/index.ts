export * from './key-touchpoints.js';
export * from './interventions.js';
export * from './compute/index.js';
