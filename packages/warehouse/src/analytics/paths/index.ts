export { pathLabelSql, pathStepCountsSql } from './paths.sql.js';
export { queryPathStepCounts, runPaths } from './run-paths.js';
