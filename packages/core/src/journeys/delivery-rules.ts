import { z } from 'zod';
import { quietUntil } from './time-window.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a local time "HH:MM" (24-hour)');

/**
 * The project's delivery rules (`journeys` in trailmap.config.json; docs/journeys.md#delivery-rules):
 * quiet hours in each person's local time, a cap on marketing messages per person per local day,
 * and the consent purpose marketing messages need.
 */
export const deliveryConfigSchema = z
  .object({
    quietHours: z.object({ start: clock, end: clock }).strict().nullable().default({ start: '21:00', end: '08:00' }),
    /** Marketing messages per person per local day, over every journey (null: no global cap). */
    frequencyCap: z.number().int().min(1).max(100).nullable().default(3),
    /** The purpose a marketing message needs granted; a purpose named `<purpose>_<channel>` (e.g. marketing_sms), when the project has one, is needed too. */
    marketingPurpose: z.string().min(1).max(40).default('marketing'),
    /** Attempts for a message whose channel answers with a 5xx or a timeout, before it is failed. */
    maxAttempts: z.number().int().min(1).max(20).default(5),
    /** The first retry's delay in seconds; each next one doubles, up to an hour. */
    retryBaseSeconds: z.number().min(1).max(3600).default(30),
  })
  .strict();
export type DeliveryConfig = z.output<typeof deliveryConfigSchema>;
export const DEFAULT_DELIVERY_CONFIG: DeliveryConfig = deliveryConfigSchema.parse({});

export interface DeliveryFacts {
  transactional: boolean;
  /** The address the channel needs (email, phone, token), or null. */
  address: string | null;
  /** The address or the person is on a suppression list. */
  suppressed: boolean;
  /** The marketing purposes are granted (ignored for transactional messages). */
  consented: boolean;
  /** Marketing messages already sent to the person today (local day), over all journeys and in this one. */
  sentToday: number;
  sentTodayInJourney: number;
  journeyCap: number | null;
  timeZone: string;
}

export type DeliveryDecision = { action: 'send' } | { action: 'hold'; until: number; reason: 'quiet_hours' } | { action: 'skip'; reason: 'no_address' | 'suppressed' | 'consent' | 'frequency_cap' };

/**
 * Whether a message may go now. Checked just before each send, in this order: an address, the
 * suppression lists, then for marketing messages only: consent, quiet hours (held until they
 * end, then checked again), the per-journey and global caps for the person's local day (skipped:
 * a capped message is not sent later). Transactional messages are held by nothing but an
 * address and suppression.
 */
export function decideDelivery(f: DeliveryFacts, rules: DeliveryConfig, now: number): DeliveryDecision {
  if (f.address === null || f.address === '') return { action: 'skip', reason: 'no_address' };
  if (f.suppressed) return { action: 'skip', reason: 'suppressed' };
  if (f.transactional) return { action: 'send' };
  if (!f.consented) return { action: 'skip', reason: 'consent' };
  if (rules.quietHours) {
    const until = quietUntil(now, f.timeZone, rules.quietHours.start, rules.quietHours.end);
    if (until !== null) return { action: 'hold', until, reason: 'quiet_hours' };
  }
  if (f.journeyCap !== null && f.sentTodayInJourney >= f.journeyCap) return { action: 'skip', reason: 'frequency_cap' };
  if (rules.frequencyCap !== null && f.sentToday >= rules.frequencyCap) return { action: 'skip', reason: 'frequency_cap' };
  return { action: 'send' };
}

/** The delay before attempt `attempt + 1` after a retryable failure: base × 2^(attempt−1), at most an hour. */
export function retryDelayMs(attempt: number, rules: DeliveryConfig): number {
  return Math.min(3_600_000, rules.retryBaseSeconds * 1000 * 2 ** Math.max(0, attempt - 1));
}
