export * from './paths.schema.js';
export * from './paths-graph.js';
export * from './path-label.js';
export { PATH_EVENT_TYPES, pathPeopleCounts, pathSequenceCounts, pathStepCounts, paths } from './paths.js';
