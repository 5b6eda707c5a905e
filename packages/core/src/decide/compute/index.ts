/** The CPU halves of the decide analyses: pure functions of data the store delivers (structured-clone-able), run off the request thread by the server. */
export * from './issue.js';
export * from './attribution.compute.js';
export * from './key-touchpoints.compute.js';
export * from './twin.compute.js';
export * from './interventions.compute.js';
