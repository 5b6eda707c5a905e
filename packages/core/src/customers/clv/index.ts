/** Customer lifetime value: `lifetimes`-style purchase summaries, BG/NBD, Gamma-Gamma and discounted CLV. See docs/customers.md. */
export * from './clv.schema.js';
export * from './clv-summary.js';
export * from './bgnbd.js';
export * from './gamma-gamma.js';
export * from './clv-value.js';
export * from './clv-holdout.js';
export * from './clv-segment.js';
