/** Segment's HTTP tracking API limits: 32 KB per message, 500 KB per batch request. */
export const MAX_EVENT_BYTES = 32 * 1024;
export const MAX_BATCH_BYTES = 500 * 1024;

/**
 * Timestamps every engine can store and compare: from 1900-01-01T00:00:00Z (inclusive) to
 * 2200-01-01T00:00:00Z (exclusive). A timestamp outside — sent, or produced by clock-skew
 * correction — is quarantined as `invalid_timestamp` (DuckDB and ClickHouse differ past 9999,
 * and ClickHouse's DateTime64(3) stops at 2299).
 */
export const MIN_TIMESTAMP_MS = Date.UTC(1900, 0, 1);
export const MAX_TIMESTAMP_MS = Date.UTC(2200, 0, 1);
export const TIMESTAMP_RANGE_TEXT = 'from 1900-01-01 to 2199-12-31 (UTC)';
export const inTimestampRange = (ms: number) => Number.isFinite(ms) && ms >= MIN_TIMESTAMP_MS && ms < MAX_TIMESTAMP_MS;

/** Deepest nesting of objects and arrays kept in properties, traits and context. */
export const MAX_JSON_DEPTH = 64;
