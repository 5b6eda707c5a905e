export * from './segment.sql.js';
