export * from './key-touchpoints.js';
export * from './interventions.js';
