export * from './consent-config.schema.js';
export * from './consent-resolve.js';
