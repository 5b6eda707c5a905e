export * from './period-change.js';
export * from './analysis-changes.js';
export * from './answer-ranged.js';
