export * from './lifecycle.schema.js';
export * from './lifecycle-result.js';
export * from './lifecycle.js';
export * from './stickiness.js';
