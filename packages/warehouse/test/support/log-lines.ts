/** The collection log's line encoder, re-exported for tests that write segments by hand. */
export { encodeEvent as encodeEventLine } from '../../src/ingest/ingest-log.js';
export { EventStore } from '../../src/index.js';
