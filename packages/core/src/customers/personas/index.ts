/** Personas by clustering: behavioural features, z-scores, seeded k-means++, silhouette, described clusters. See docs/customers.md. */
export * from './persona.schema.js';
export * from './persona-features.js';
export * from './kmeans.js';
export * from './silhouette.js';
export * from './describe.js';
export * from './personas.js';
