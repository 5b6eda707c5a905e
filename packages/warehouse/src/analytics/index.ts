export { EVENT_LABEL_SQL, eventMatchSql, filterSql, filterOnTextSql, timeRangeSql } from './sql/event-match.sql.js';
export { personFilterSql } from './sql/person-filter.sql.js';
export { sessionizedSql } from './sql/sessions.sql.js';
