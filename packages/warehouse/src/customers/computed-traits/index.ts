export * from './computed-trait.sql.js';
export * from './computed-traits-batch.sql.js';
export * from './person-computed-traits.sql.js';
