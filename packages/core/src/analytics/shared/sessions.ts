import type { AnalyticsEvent } from './analytics-event.js';

/** A new session starts after this much inactivity (Google Analytics' and PostHog's default). */
export const SESSION_GAP_MS = 30 * 60_000;

/** Events of each person in time order (ties broken by messageId), the order every analysis uses. */
export function byPersonInOrder(events: readonly AnalyticsEvent[]): Map<string, AnalyticsEvent[]> {
  const out = new Map<string, AnalyticsEvent[]>();
  for (const e of events) {
    let list = out.get(e.personId);
    if (!list) out.set(e.personId, (list = []));
    list.push(e);
  }
  for (const list of out.values()) list.sort((a, b) => a.timestamp - b.timestamp || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0));
  return out;
}

/**
 * Session number (1-based, per person) of each event: a person's next event more than
 * `gapMs` after the previous one opens a new session. Returns messageId → `personId#n`.
 */
export function sessionIds(events: readonly AnalyticsEvent[], gapMs = SESSION_GAP_MS): Map<string, string> {
  const out = new Map<string, string>();
  for (const [person, list] of byPersonInOrder(events)) {
    let n = 0;
    let prev = -Infinity;
    for (const e of list) {
      if (e.timestamp - prev > gapMs) n++;
      prev = e.timestamp;
      out.set(e.messageId, `${person}#${n}`);
    }
  }
  return out;
}
