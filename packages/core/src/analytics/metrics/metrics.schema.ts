import { z } from 'zod';
import { durationSchema } from '../shared/duration.js';
import { eventMatcherSchema } from '../shared/event-matcher.js';
import { personFilterSchema } from '../shared/person-filter.js';
import { SESSION_GAP_MS } from '../shared/sessions.js';
import { timeRangeSchema } from '../shared/time-range.js';
import { periodUnitSchema } from '../retention/period-index.js';

/** A click-through pair: rate = click events / impression events (both counted in the group). */
export const clickPairSchema = z
  .object({ name: z.string().min(1).max(100), impression: eventMatcherSchema, click: eventMatcherSchema })
  .strict();
export type ClickPair = z.infer<typeof clickPairSchema>;

export const DEFAULT_CLICK_PAIRS: ClickPair[] = [
  { name: 'email', impression: { event: 'Email Sent' }, click: { event: 'Email Link Clicked' } },
  { name: 'ads', impression: { event: 'Ad Impression' }, click: { event: 'Ad Clicked' } },
  { name: 'sms', impression: { event: 'SMS Sent' }, click: { event: 'SMS Clicked' } },
];

export const METRIC_GROUPINGS = ['channel', 'touchpoint', 'stage'] as const;
export type MetricGrouping = (typeof METRIC_GROUPINGS)[number];

/**
 * The standard journey metrics, overall and per period, optionally per channel, touchpoint or
 * stage: conversion rate, bounce rate, session duration, click-through, CSAT, NPS and CES.
 * Survey answers are `survey` events whose `properties.survey` names the kind (csat 1–5,
 * nps 0–10, ces 1–7) and `properties.score` holds the answer; out-of-scale answers are ignored.
 */
export const metricsSchema = z
  .object({
    by: z.enum(METRIC_GROUPINGS).optional(),
    interval: periodUnitSchema.default('week'),
    range: timeRangeSchema.optional(),
    segment: personFilterSchema.optional(),
    conversion: eventMatcherSchema.default({ event: 'Order Completed' }),
    clickThrough: z.array(clickPairSchema).max(20).default(DEFAULT_CLICK_PAIRS),
    survey: eventMatcherSchema.default({ event: 'Survey Responded' }),
    sessionGap: durationSchema.default(SESSION_GAP_MS),
  })
  .strict();
export type MetricsDefinition = z.output<typeof metricsSchema>;
