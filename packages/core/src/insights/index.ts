export * from './insight.schema.js';
export * from './dashboard.schema.js';
