/**
 * Segment's clock-skew correction: timestamp = receivedAt - (sentAt - originalTimestamp).
 * The device clock may be wrong, but the gap between the event and the send is trusted.
 * Without sentAt the client time is kept; without a client time the server's receipt time is used.
 */
export function correctTimestamp(
  receivedAtMs: number,
  originalTimestamp: string | undefined,
  sentAt: string | undefined,
): number {
  if (originalTimestamp === undefined) return receivedAtMs;
  const original = Date.parse(originalTimestamp);
  if (sentAt === undefined) return original;
  return receivedAtMs - (Date.parse(sentAt) - original);
}

/** The same correction on times already parsed to ms (each text is parsed once per message). */
export function correctTimestampMs(receivedAtMs: number, originalMs: number | undefined, sentAtMs: number | undefined): number {
  if (originalMs === undefined) return receivedAtMs;
  if (sentAtMs === undefined) return originalMs;
  return receivedAtMs - (sentAtMs - originalMs);
}
