import type { AnalyticsEvent } from '../src/index.js';
import { trackEvent } from './track-event.js';

let n = 0;
/** A hand-written event for the analytics fixtures (ISO time, UTC). */
export function ev(personId: string, iso: string, event: string, extra: Partial<AnalyticsEvent> = {}): AnalyticsEvent {
  return trackEvent({ messageId: `m${String(++n).padStart(4, '0')}`, personId, timestamp: Date.parse(iso), event, touchpoint: event, ...extra });
}
