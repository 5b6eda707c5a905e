/** RFM: recency, frequency, monetary quintile scores and the named groups of the R×FM grid. See docs/rfm-personas.md. */
export * from './rfm.schema.js';
export * from './rfm-reference.js';
export * from './rfm-scores.js';
