/** Churn prediction: labels, features as of a cutoff, logistic regression, time-based validation. See docs/customers.md. */
export * from './churn.schema.js';
export * from './churn-reference.js';
export * from './churn-metrics.js';
export * from './logistic-regression.js';
export * from './churn-model.js';
