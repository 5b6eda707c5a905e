export { conversionJourneysSql, conversionPathCountsSql, conversionValueSql, journeyLabelSql, journeyTouchTimesSql } from './conversion-journeys.sql.js';
export { runConversionPaths, runConversionPathCounts, runJourneyTouchTimes } from './run-conversion-paths.js';
