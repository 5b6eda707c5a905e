import { z } from 'zod';

const isoInstant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be an ISO-8601 date or time' });

/** Half-open period [from, to) of event time; either end may be open. */
export const timeRangeSchema = z
  .object({ from: isoInstant.optional(), to: isoInstant.optional() })
  .strict()
  .refine((r) => !r.from || !r.to || Date.parse(r.from) < Date.parse(r.to), { message: '"from" must be before "to"' });
export type TimeRange = z.infer<typeof timeRangeSchema>;

export const inRange = (ts: number, r: TimeRange | undefined): boolean =>
  (!r?.from || ts >= Date.parse(r.from)) && (!r?.to || ts < Date.parse(r.to));
