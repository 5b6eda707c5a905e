// How an event is written as one line of the collection log. Pure, and imported on its own
// (package export `@trailmap/warehouse/log-lines`) by the collection's parsing threads, which
// must not load the engines.
import type { NormalizedEvent } from '@trailmap/core';

/** Text that JSON can hold between quotes as it is (no quote, backslash or control character). */
const PLAIN = /^[^"\\\u0000-\u001f]*$/;
const str = (v: string | null) => (v === null ? 'null' : PLAIN.test(v) ? `"${v}"` : JSON.stringify(v));

/**
 * An event line without its head (`{"k":"e","seq":N`): everything that depends only on the event,
 * so it can be built off the request thread and given its arrival sequence number at append.
 * The JSON columns are spliced in as objects, not re-escaped as strings.
 */
export function encodeEventTail(e: NormalizedEvent): string {
  return (
    `,"messageId":${str(e.messageId)},"type":${str(e.type)},"event":${str(e.event)},"name":${str(e.name)},` +
    `"userId":${str(e.userId)},"anonymousId":${str(e.anonymousId)},"groupId":${str(e.groupId)},"previousId":${str(e.previousId)},` +
    `"timestamp":${str(e.timestamp)},"originalTimestamp":${str(e.originalTimestamp)},"sentAt":${str(e.sentAt)},"receivedAt":${str(e.receivedAt)},` +
    `"properties":${e.properties},"traits":${e.traits},"context":${e.context},"source":${str(e.source)}}\n`
  );
}

/** One event line of the log from its arrival sequence number and its `encodeEventTail`. */
export const eventLine = (seq: number, tail: string): string => `{"k":"e","seq":${seq}${tail}`;

/** One event line of the log. */
export function encodeEvent(e: NormalizedEvent, seq: number): string {
  return eventLine(seq, encodeEventTail(e));
}
