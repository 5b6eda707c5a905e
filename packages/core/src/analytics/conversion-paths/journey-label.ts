import { eventLabel, type AnalyticsEvent } from '../shared/analytics-event.js';
import type { ConversionPathsDefinition } from './conversion-paths.schema.js';

/** The label of a touch: its touchpoint, its event label (event, else page/screen name, else type) or its channel. */
export function journeyLabeler(by: ConversionPathsDefinition['by']): (e: AnalyticsEvent) => string {
  if (by === 'event') return eventLabel;
  if (by === 'channel') return (e) => e.channel;
  return (e) => e.touchpoint;
}
