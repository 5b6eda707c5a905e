/**
 * What the engine knows of a person when it advances their runs: gathered by the worker's
 * context source (the warehouse and the state store) before the pure step, never fetched inside it.
 */
export interface PersonContext {
  personId: string;
  /** The identities to address the person by (setTrait identifies with these). */
  userId: string | null;
  anonymousId: string | null;
  traits: Record<string, unknown>;
  /** Computed-trait values by key. */
  computed: Record<string, unknown>;
  /** Ids of the segments the person is in now. */
  segments: string[];
  /** IANA time zone: the `timezone` trait, else the latest event's context.timezone, else the project's. */
  timeZone: string;
  /** `en` or `zh` (from the `locale` trait or context.locale); selects a template's language. */
  locale: string;
  /** Event counts the journey's branches ask for, keyed by `eventHistoryKey`. */
  eventCounts: Record<string, number>;
}

/** The key of an event-history count: the event and the window it counts over ("" for all time). */
export function eventHistoryKey(event: string, within: string | undefined): string {
  return `${within ?? ''}|${event}`;
}

/** A Trailmap event as the journey engine sees one (from the warehouse, after identity stitching). */
export interface JourneyEvent {
  messageId: string;
  personId: string;
  event: string;
  /** Event time, ms. */
  at: number;
  properties: Record<string, unknown>;
}
