export * from './retention-config.schema.js';
