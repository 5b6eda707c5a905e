export * from './audit-entry.js';
