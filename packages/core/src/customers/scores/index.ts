/** Per-person model scores (RFM, persona, CLV, P(alive), churn risk) as stored by a scoring run. See docs/customers.md. */
export * from './person-scores.js';
