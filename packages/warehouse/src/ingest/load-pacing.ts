// When the collection log is loaded into the warehouse. A load has a large fixed cost (one read of
// the segment, the dedupe, identity and classification statements, a commit): on 2 cores about
// 22 µs per event in loads of 10k events, 15 µs in loads of 40k and 7 µs in one of 200k. Under
// sustained collection the loader therefore waits longer between loads, so each takes more events
// and the CPU stays with the requests being acknowledged. Reads never wait for it: they load what
// is pending first.

/** Load early, whatever the pace, once this much is waiting (bounds a segment's size). */
export const LOAD_AT_BYTES = 64 * 1024 * 1024;
/** After a load that took L ms, the next timed load waits at least PACE × L ms. */
export const LOAD_PACE = 3;
/** The most a timed load is held back by the pace, whatever the last load took. */
export const MAX_LOAD_DELAY_MS = 10_000;

export interface LastLoad {
  /** When it ended (ms since epoch); 0 = no load yet. */
  endedAt: number;
  /** How long it took, ms. */
  ms: number;
}

/** Whether the timer (ticking every `everyMs`) should load now. */
export function timedLoadDue(now: number, pendingBytes: number, last: LastLoad, everyMs: number): boolean {
  if (pendingBytes <= 0) return false;
  const wait = Math.max(everyMs, Math.min(MAX_LOAD_DELAY_MS, LOAD_PACE * last.ms));
  return now - last.endedAt >= wait - everyMs / 2;
}
