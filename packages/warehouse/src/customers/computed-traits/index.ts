export * from './computed-trait.sql.js';
