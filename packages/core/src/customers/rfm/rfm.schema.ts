import { z } from 'zod';
import { calendarDaySchema } from '../shared/calendar-day.js';


/** What RFM is computed over: one purchase event, one numeric value property, as of a day (UTC). */
export const rfmDefinitionSchema = z
  .object({
    /** The purchase event (track event name). */
    purchase: z.string().min(1).max(200).default('Order Completed'),
    /** The property holding the purchase's value; a missing or non-numeric value counts 0. */
    value: z.string().min(1).max(200).default('revenue'),
    /** Purchases up to and including this UTC day; default: the day of the latest purchase. */
    asOf: calendarDaySchema('asOf')
      .optional(),
  })
  .strict();
export type RfmInput = z.input<typeof rfmDefinitionSchema>;
export type RfmDefinition = z.output<typeof rfmDefinitionSchema>;

/** One person's raw purchase history summary, as the SQL and the reference both return it. */
export interface RfmRaw {
  personId: string;
  /** Time (ms) of the person's latest purchase up to the as-of day. */
  lastMs: number;
  /** Number of purchase events. */
  frequency: number;
  /** Sum of the value property over those purchases. */
  monetary: number;
}

export const RFM_GROUPS = [
  'champions',
  'loyal_customers',
  'potential_loyalists',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'at_risk',
  'cant_lose_them',
  'hibernating',
  'lost',
] as const;
export type RfmGroup = (typeof RFM_GROUPS)[number];

export interface RfmPerson extends RfmRaw {
  /** Whole UTC days from the last purchase day to the as-of day. */
  recencyDays: number;
  r: number;
  f: number;
  m: number;
  /** ceil((f + m) / 2): the grid's second axis. */
  fm: number;
  group: RfmGroup;
}

export interface RfmCell {
  r: number;
  fm: number;
  group: RfmGroup;
  count: number;
  monetary: number;
}

export interface RfmGroupSummary {
  group: RfmGroup;
  count: number;
  share: number;
  monetary: number;
}

/** The answer of `trailmap rfm` and `POST /v1/customers/rfm`. */
export interface RfmResult {
  purchase: string;
  value: string;
  /** The as-of day used (YYYY-MM-DD), null when there are no purchases. */
  asOf: string | null;
  customers: number;
  /** 25 cells, r 5→1 then fm 1→5. */
  grid: RfmCell[];
  groups: RfmGroupSummary[];
  people?: RfmPerson[];
}
