export * from './funnel-entities.sql.js';
export * from './run-funnel.js';
