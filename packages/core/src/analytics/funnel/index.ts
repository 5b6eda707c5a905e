export * from './funnel.schema.js';
export * from './funnel-result.js';
export * from './funnel-entities.js';
export * from './funnel.js';
