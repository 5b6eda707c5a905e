import type { SuppressionFilter } from '@trailmap/warehouse';

/**
 * Drop the events whose userId or anonymousId is on the suppression list (data-subject requests):
 * they are counted, never written. The ids are read back from the encoded log line (the line's
 * JSON without its head), only while the list is not empty.
 */
export function dropSuppressed(filter: SuppressionFilter | null, tails: string[]): { tails: string[]; dropped: number } {
  if (!filter || filter.size === 0 || tails.length === 0) return { tails, dropped: 0 };
  const kept = tails.filter((t) => {
    const e = JSON.parse(`{${t.slice(1)}`) as { userId: string | null; anonymousId: string | null };
    return !filter.suppressed(e.userId, e.anonymousId);
  });
  return { tails: kept, dropped: tails.length - kept.length };
}
