export * from './segment-rule.js';
export * from './segment-reference.js';
export * from './membership-diff.js';
export * from './segment-api.js';
export * from './segment-inline.js';
export * from './computed-trait-condition.js';
export * from './comparison-condition.js';
export * from './score-condition.js';
