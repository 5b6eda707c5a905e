export * from './metrics.schema.js';
export * from './metrics-result.js';
export * from './metrics.js';
