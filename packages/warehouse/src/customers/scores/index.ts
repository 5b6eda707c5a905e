/** The scoring run: every person's model scores in person_scores, the latest complete run read back. See docs/customers.md. */
export * from './run-person-scores.js';
export * from './read-person-scores.js';
export * from './persona-segments.js';
