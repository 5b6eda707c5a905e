export * from './attribution.js';
export * from './key-touchpoints.js';
