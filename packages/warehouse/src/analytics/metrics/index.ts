export { clickSql, metricsCountsSql, peopleSql, runMetrics, sessionSql, surveySql } from './metrics.sql.js';
