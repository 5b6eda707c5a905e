import { generateDemoMessages, normalizeMessage, type NormalizedEvent } from '@trailmap/core';
import { stageEvents } from '../ingest/staging.js';
import type { EventStore } from './event-store.js';

const CHUNK = 50_000;

/**
 * Generate the deterministic demo business and load it through the normal ingestion path;
 * `start` is the window's start (default core's fixed DEMO_DEFAULT_START).
 */
export async function loadDemo(store: EventStore, opts: { events: number; seed: number; start?: string }) {
  const receivedAt = Date.now();
  const { commit } = await store.bulkLoad(async (tx) => {
    let chunk: NormalizedEvent[] = [];
    let seq = 0;
    for (const msg of generateDemoMessages({ events: opts.events, seed: opts.seed, ...(opts.start ? { start: opts.start } : {}) })) {
      const r = normalizeMessage(msg, { receivedAt, source: 'demo' });
      if (!r.ok) throw new Error(`demo generator produced an invalid message: ${r.error.map((p) => p.message).join('; ')}`);
      chunk.push(r.value);
      if (chunk.length === CHUNK) {
        await stageEvents(tx, chunk, seq);
        seq += chunk.length;
        chunk = [];
      }
    }
    if (chunk.length) await stageEvents(tx, chunk, seq);
  });
  return commit;
}
