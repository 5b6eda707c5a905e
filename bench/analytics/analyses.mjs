// The analyses bench/analytics times, with the definitions named in the issue: a 4-step funnel
// (7-day window), depth-5 paths, 12-week retention, the journey map and attribution's journeys.
// Definitions go through the same zod schemas as the API. Baselines: the plain scan, and on
// ClickHouse its native windowFunnel over the same 4 steps and window.
import * as core from '@trailmap/core';
import * as wh from '@trailmap/warehouse';

const need = (mod, name) => {
  if (mod[name] === undefined) throw new Error(`${name} is not exported`);
  return mod[name];
};

export const FUNNEL_STEPS = ['Product Viewed', 'Cart Added', 'Checkout Started', 'Order Completed'];
const WINDOW_MS = 7 * 86_400_000;

export const ANALYSES_UNDER_TEST = {
  funnel: (db) => need(wh, 'runFunnel')(db, need(core, 'funnelSchema').parse({ steps: FUNNEL_STEPS.map((event) => ({ event })), window: WINDOW_MS })),
  paths: (db) => need(wh, 'runPaths')(db, need(core, 'pathsSchema').parse({ start: { event: 'Product Viewed' }, depth: 5 })),
  retention: (db) =>
    need(wh, 'runRetention')(
      db,
      need(core, 'retentionSchema').parse({ start: { event: 'Product Viewed' }, return: { event: 'Order Completed' }, period: 'week', periods: 12 }),
    ),
  journeyMap: (db) => need(wh, 'runJourneyMap')(db, need(core, 'journeyMapDefinitionSchema').parse({}), need(core, 'defaultSentimentScorer')),
  // What attribution (and the decide questions built on it) fetch before any model runs: every
  // journey to "Order Completed" (30-day lookback, by touchpoint), as Journey objects in JS.
  attributionJourneys: (db) => need(wh, 'fetchAttributionData')(db, need(wh, 'attributionRequestSchema').parse({})),
};

/** The plain scan every ratio is taken against: one pass over person_id. */
export const SCAN_SQL = 'SELECT count(DISTINCT person_id) AS people FROM events';

/** ClickHouse's own windowFunnel on the funnel's steps and window, reading the event label as the analyses do. */
export function windowFunnelSql(dialect) {
  const label = dialect.eventLabel;
  const conds = FUNNEL_STEPS.map((s) => `${label} = '${s}'`).join(', ');
  return `SELECT level, count() AS people FROM (
      SELECT person_id, windowFunnel(${WINDOW_MS})(toUInt64(toUnixTimestamp64Milli(timestamp)), ${conds}) AS level
      FROM events GROUP BY person_id) GROUP BY level ORDER BY level`;
}
