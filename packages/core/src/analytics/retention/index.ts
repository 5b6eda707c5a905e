export * from './period-index.js';
export * from './retention.schema.js';
export * from './retention-grid.js';
export * from './retention.js';
