import { z } from 'zod';
import { parseDuration } from '../analytics/shared/duration.js';

const TEXT = /^\d{1,6}(s|m|h|d|w)$/;
const MAX_MS = 2 * 366 * 86_400_000;

/** `30s`, `15m`, `4h`, `2d`, `1w` → milliseconds; null when the text is not such a duration. */
export function journeyDurationMs(text: string): number | null {
  return TEXT.test(text) ? parseDuration(text) : null;
}

/**
 * A duration as journeys write it and keep it (the text stays, so a definition reads back as it
 * was written): a whole number and one unit of s, m, h, d or w, more than 0 and at most 2 years.
 */
export const journeyDurationSchema = z.string().refine((t) => {
  const ms = journeyDurationMs(t);
  return ms !== null && ms > 0 && ms <= MAX_MS;
}, 'a duration such as "30s", "15m", "4h", "2d" or "1w" (more than 0, at most 2 years)');

/** A signed offset for date triggers: `-7d` (a week before), `0d` (on the day), `1d`. */
export const journeyOffsetSchema = z.string().refine((t) => {
  const body = t.startsWith('-') ? t.slice(1) : t;
  return body === '0d' || journeyDurationMs(body) !== null;
}, 'an offset such as "-7d", "0d" or "1d"');

export function journeyOffsetMs(text: string): number {
  const body = text.startsWith('-') ? text.slice(1) : text;
  const ms = body === '0d' ? 0 : (journeyDurationMs(body) ?? 0);
  return text.startsWith('-') ? -ms : ms;
}
