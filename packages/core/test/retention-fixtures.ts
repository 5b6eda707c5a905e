import type { AnalyticsEvent } from '../src/index.js';

let n = 0;
/** A hand-written event for the analytics fixtures (ISO time, UTC). */
export function ev(personId: string, iso: string, event: string, extra: Partial<AnalyticsEvent> = {}): AnalyticsEvent {
  return {
    messageId: `m${String(++n).padStart(4, '0')}`,
    personId,
    timestamp: Date.parse(iso),
    type: 'track',
    event,
    name: null,
    touchpoint: event,
    channel: 'web',
    touchpointType: 'digital',
    stage: 'consideration',
    properties: {},
    traits: {},
    context: {},
    ...extra,
  };
}
