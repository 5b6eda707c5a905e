/** Per-person model scores (RFM, persona, CLV, P(alive), churn risk) as stored by a scoring run. See docs/customers.md. */
export * from './person-scores.js';
export * from './score-run.js';
export * from './score-rows.js';
