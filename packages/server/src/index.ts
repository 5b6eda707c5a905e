export { buildApp, type AppDeps } from './app.js';
export { startServer, DB_FILE, type StartOptions } from './start.js';
export { loadOrCreateKeys, type ApiKeys } from './auth/keys.js';
export { findProjectConfig, loadProjectConfig, CONFIG_FILE_NAMES } from './config/load-project-config.js';
export { collectMessages } from './collect/collect-messages.js';
export { parseInsightInput, parseInsightPatch, INSIGHT_DEFINITIONS } from './insights/insight-definitions.js';
export { invalidDefinition } from './http/zod-error.js';
export { SegmentRefresher, type SegmentRefresh } from './segments/segment-refresher.js';
export { segmentRuleProblem } from './segments/check-segment-rule.js';
