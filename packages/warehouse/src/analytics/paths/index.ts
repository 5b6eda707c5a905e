export { pathLabelSql, pathStepCountsSql, topPathsSql } from './paths.sql.js';
export { queryPathStepCounts, queryTopPaths, runPaths } from './run-paths.js';
