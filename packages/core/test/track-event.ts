import type { AnalyticsEvent } from '../src/index.js';

/**
 * A track event for a hand-written fixture: what the fixture states, with the rest filled in
 * (web, digital, consideration, no name, empty properties, traits and context).
 */
export function trackEvent(e: Pick<AnalyticsEvent, 'messageId' | 'personId' | 'timestamp' | 'event' | 'touchpoint'> & Partial<AnalyticsEvent>): AnalyticsEvent {
  return { type: 'track', name: null, channel: 'web', touchpointType: 'digital', stage: 'consideration', properties: {}, traits: {}, context: {}, ...e };
}
