import type { PrivacyRegime } from './privacy-request.js';

/** How long a regime gives: calendar days, or working days (Monday–Friday). */
export interface DeadlineRule {
  days: number;
  kind: 'calendar' | 'working';
}

/**
 * The defaults: GDPR art. 12(3) one month (taken as 30 calendar days), CCPA §1798.130 45 days,
 * PIPL as its implementing practice reads it, 15 working days. Public holidays are not known here;
 * a project that needs them shortens `days` (trailmap.config.json `privacy.deadlines`).
 */
export const DEFAULT_DEADLINES: Readonly<Record<PrivacyRegime, DeadlineRule>> = {
  gdpr: { days: 30, kind: 'calendar' },
  ccpa: { days: 45, kind: 'calendar' },
  pipl: { days: 15, kind: 'working' },
};

const DAY = 86_400_000;

/** The deadline of a request received at `receivedAt` (ms): the end (23:59:59.999 UTC) of the last day it may take. */
export function privacyDeadline(regime: PrivacyRegime, receivedAt: number, rules: Readonly<Record<PrivacyRegime, DeadlineRule>> = DEFAULT_DEADLINES): Date {
  const rule = rules[regime];
  const start = Math.floor(receivedAt / DAY) * DAY; // the day of receipt, 00:00 UTC
  let day = start;
  if (rule.kind === 'calendar') day = start + rule.days * DAY;
  else {
    let left = rule.days;
    while (left > 0) {
      day += DAY;
      const wd = new Date(day).getUTCDay();
      if (wd !== 0 && wd !== 6) left--;
    }
  }
  return new Date(day + DAY - 1);
}
