export * from './computed-trait.sql.js';
export * from './computed-traits-batch.sql.js';
