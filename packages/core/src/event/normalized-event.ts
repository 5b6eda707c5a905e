import type { MessageType } from './message.schema.js';

/** One validated event as the warehouse stores it; JSON columns are serialized text. */
export interface NormalizedEvent {
  messageId: string;
  type: MessageType;
  /** Track event name. */
  event: string | null;
  /** Page or screen name. */
  name: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  previousId: string | null;
  /** Skew-corrected event time, ISO-8601 UTC. */
  timestamp: string;
  /** The client's own clock reading, as sent. */
  originalTimestamp: string | null;
  sentAt: string | null;
  receivedAt: string;
  properties: string;
  traits: string;
  context: string;
  /** Where it came from: `http` or `file:<name>`. */
  source: string;
}
