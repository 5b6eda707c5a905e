// bench/analytics data: N events for N/10 people, generated inside DuckDB with SQL (not timed),
// written once to Parquet so both engines load exactly the same rows.
import { DuckDBInstance } from '@duckdb/node-api';

/**
 * Each person has 10 events in time order: a first visit of five events ten minutes apart, and
 * a return visit one to ten weeks later. Early events are mostly browsing,
 * later ones reach cart, checkout and order with falling probability, so funnels, paths and
 * retention have realistic shapes (not uniform noise). Deterministic (hash-based).
 */
export async function writeBenchParquet(path, events) {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(`SET TimeZone = 'UTC'`);
  const people = Math.max(1, Math.floor(events / 10));
  await c.run(`
COPY (
  WITH base AS (
    SELECT i, i // 10 AS p, i % 10 AS k,
           (hash(i) % 1000)::BIGINT AS r, (hash(i * 7 + 3) % 1000)::BIGINT AS r2, (hash(i // 10) % 1000000007)::BIGINT AS hp
    FROM range(${events}) t(i)
  ), labelled AS (
    SELECT *,
      CASE
        WHEN r < 400 - k * 20 THEN 'Product Viewed'
        WHEN r < 560 - k * 10 THEN 'Home'
        WHEN r < 700 THEN 'Cart Added'
        WHEN r < 790 THEN 'Checkout Started'
        WHEN r < 850 THEN 'Order Completed'
        WHEN r < 900 THEN 'Email Opened'
        WHEN r < 950 THEN 'Store Visited'
        WHEN r < 975 THEN 'Survey Responded'
        WHEN r < 990 THEN 'Feedback Submitted'
        ELSE 'Support Ticket Opened' END AS label
    FROM base
  )
  SELECT
    md5_number('m' || i) AS message_key,
    'm' || i AS message_id,
    CASE WHEN label = 'Home' THEN 'page' ELSE 'track' END AS type,
    CASE WHEN label = 'Home' THEN NULL ELSE label END AS event,
    CASE WHEN label = 'Home' THEN 'Home' ELSE NULL END AS name,
    'p' || p AS person_id,
    NULL::VARCHAR AS user_id, 'a' || p AS anonymous_id, NULL::VARCHAR AS group_id, NULL::VARCHAR AS previous_id,
    TIMESTAMP '2025-01-06' + to_milliseconds((hp % (84 * 86400000::BIGINT))::BIGINT)
      + to_milliseconds((CASE WHEN k >= 5 THEN (1 + (hp // 7) % 10) * 7 * 86400000::BIGINT ELSE 0 END + k * 600000 + (hash(i * 13) % 540000)::BIGINT)::BIGINT) AS timestamp,
    NULL::TIMESTAMP AS original_timestamp, NULL::TIMESTAMP AS sent_at,
    TIMESTAMP '2025-01-06' AS received_at,
    CASE label
      WHEN 'Order Completed' THEN '{"revenue":' || (r2 % 200 + 10) || ',"plan":"' || (['gold','silver','free'])[r2 % 3 + 1] || '"}'
      WHEN 'Survey Responded' THEN '{"survey":"csat","score":' || (r2 % 5 + 1) || ',"touchpoint":"web_checkout"}'
      WHEN 'Feedback Submitted' THEN '{"text":"' || (['checkout was slow and payment failed','love the fast delivery','ok'])[r2 % 3 + 1] || '","language":"en","touchpoint":"web_checkout"}'
      ELSE '{"plan":"' || (['gold','silver','free'])[r2 % 3 + 1] || '"}' END AS properties,
    CASE WHEN k = 0 THEN '{"persona":"' || (['researcher','mobile_impulse','store_first'])[hp % 3 + 1] || '"}' ELSE '{}' END AS traits,
    '{}' AS context,
    CASE label
      WHEN 'Product Viewed' THEN 'web_product' WHEN 'Home' THEN 'web_home' WHEN 'Cart Added' THEN 'web_cart'
      WHEN 'Checkout Started' THEN 'web_checkout' WHEN 'Order Completed' THEN 'web_order'
      WHEN 'Email Opened' THEN 'email_campaign' WHEN 'Store Visited' THEN 'store_visit'
      WHEN 'Survey Responded' THEN 'survey' WHEN 'Feedback Submitted' THEN 'feedback' ELSE 'support_ticket' END AS touchpoint,
    CASE WHEN label IN ('Email Opened') THEN 'email' WHEN label = 'Store Visited' THEN 'store'
         WHEN label IN ('Survey Responded','Feedback Submitted','Support Ticket Opened') THEN 'support' ELSE 'web' END AS channel,
    'digital' AS touchpoint_type,
    CASE label
      WHEN 'Home' THEN 'awareness' WHEN 'Product Viewed' THEN 'consideration' WHEN 'Cart Added' THEN 'consideration'
      WHEN 'Checkout Started' THEN 'conversion' WHEN 'Order Completed' THEN 'conversion' WHEN 'Email Opened' THEN 'interest'
      WHEN 'Store Visited' THEN 'consideration' ELSE 'loyalty' END AS stage,
    'bench' AS source
  FROM labelled
  ORDER BY person_id, timestamp
) TO '${path.replace(/'/g, "''")}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
  c.closeSync();
  db.closeSync();
  return { events, people };
}
