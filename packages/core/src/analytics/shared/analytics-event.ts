/**
 * One stored event as the TypeScript reference implementations see it. The SQL versions read
 * the same fields from the `events` table; differential tests feed both the same rows.
 */
export interface AnalyticsEvent {
  messageId: string;
  personId: string;
  /** Milliseconds since the epoch (UTC). */
  timestamp: number;
  type: string;
  event: string | null;
  name: string | null;
  touchpoint: string;
  channel: string;
  touchpointType: string;
  stage: string;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** What an event is called in analyses: the track event's name, else the page/screen name, else its type. */
export const eventLabel = (e: Pick<AnalyticsEvent, 'event' | 'name' | 'type'>): string => e.event ?? e.name ?? e.type;
