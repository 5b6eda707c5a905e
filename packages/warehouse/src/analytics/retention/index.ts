export { periodIndexSql } from './period-index.sql.js';
export { dataEndMs, retentionCountsSql, retentionSql, runRetention } from './retention.sql.js';
