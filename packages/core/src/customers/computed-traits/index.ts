export * from './computed-trait.schema.js';
export * from './computed-trait-reference.js';
export * from './computed-trait-api.js';
