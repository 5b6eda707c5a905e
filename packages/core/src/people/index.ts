export * from './people.schema.js';
