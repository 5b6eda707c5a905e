import { z } from 'zod';

/** Segment spec message types (https://segment.com/docs/connections/spec/). */
export const MESSAGE_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** ISO-8601 date or date-time, as the Segment spec requires for timestamps. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

/** Whether the text's year-month-day is a real calendar day (Date.parse rolls 2024-02-30 over to March 1). */
export function isCalendarDate(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

export const isoTimestamp = z
  .string({ error: 'expected an ISO-8601 date string' })
  .refine((s) => ISO_DATE.test(s) && isCalendarDate(s) && !Number.isNaN(Date.parse(s)), {
    message: 'expected an ISO-8601 date string such as 2024-05-01T12:00:00.000Z (a real calendar day)',
  });

/** Ids may arrive as numbers from CRM exports and older SDKs; normalize stores them as strings. */
const id = z.union([z.string(), z.number()], { error: 'expected a string id' });
export const MAX_ID_LENGTH = 512;

const isJsonObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A JSON object; its members are not walked (cheap: this runs for every collected event). */
const jsonObject = z.custom<Record<string, unknown>>(isJsonObject, { error: 'expected a JSON object' });

const common = {
  messageId: id.optional(),
  userId: id.nullish(),
  anonymousId: id.nullish(),
  timestamp: isoTimestamp.optional(),
  originalTimestamp: isoTimestamp.optional(),
  sentAt: isoTimestamp.optional(),
  context: jsonObject.optional(),
  integrations: jsonObject.optional(),
  writeKey: z.string().optional(),
  version: z.unknown().optional(),
  channel: z.string().optional(),
};

export const trackSchema = z.object({
  ...common,
  type: z.literal('track'),
  event: z.string({ error: 'expected the event name as a string' }).min(1, 'event name is empty').max(512),
  properties: jsonObject.optional(),
});
export const identifySchema = z.object({ ...common, type: z.literal('identify'), traits: jsonObject.optional() });
export const pageSchema = z.object({
  ...common,
  type: z.literal('page'),
  name: z.string().max(512).nullish(),
  category: z.string().max(512).nullish(),
  properties: jsonObject.optional(),
});
export const screenSchema = z.object({
  ...common,
  type: z.literal('screen'),
  name: z.string().max(512).nullish(),
  category: z.string().max(512).nullish(),
  properties: jsonObject.optional(),
});
export const groupSchema = z.object({ ...common, type: z.literal('group'), groupId: id, traits: jsonObject.optional() });
export const aliasSchema = z.object({ ...common, type: z.literal('alias'), previousId: id, userId: id });

export const messageSchema = z.discriminatedUnion('type', [
  trackSchema,
  identifySchema,
  pageSchema,
  screenSchema,
  groupSchema,
  aliasSchema,
]);

export type SegmentMessage = z.infer<typeof messageSchema>;
