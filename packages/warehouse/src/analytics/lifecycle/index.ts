export { lifecycleCountsSql, lifecycleSql, runLifecycle } from './lifecycle.sql.js';
export { runStickiness, stickinessCountsSql, stickinessSql } from './stickiness.sql.js';
