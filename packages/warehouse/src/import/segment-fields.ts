/**
 * The Segment message fields an import reads, and the column names files may use for them.
 * Validation follows `messageSchema` in @trailmap/core field by field (see validate.sql.ts).
 */
export const SCALAR_FIELDS = [
  'type',
  'event',
  'name',
  'category',
  'userId',
  'anonymousId',
  'messageId',
  'groupId',
  'previousId',
  'timestamp',
  'originalTimestamp',
  'sentAt',
  'writeKey',
  'channel',
] as const;
export const OBJECT_FIELDS = ['properties', 'traits', 'context', 'integrations'] as const;
export const ALL_FIELDS = [...SCALAR_FIELDS, ...OBJECT_FIELDS] as const;
export type SegmentField = (typeof ALL_FIELDS)[number];
export type ObjectField = (typeof OBJECT_FIELDS)[number];
export const TIMESTAMP_FIELDS = ['timestamp', 'originalTimestamp', 'sentAt'] as const;

/** Roots a dotted column may build into: `properties.plan`, `traits.email`, `context.page.path`. */
export const DOTTED_ROOTS = ['properties', 'traits', 'context'] as const;
export type DottedRoot = (typeof DOTTED_ROOTS)[number];

/** Column names of CSV and Parquet files: the Segment names (case-sensitive) and snake_case aliases. */
export const COLUMN_NAMES: Readonly<Record<string, SegmentField>> = {
  type: 'type',
  event: 'event',
  name: 'name',
  userId: 'userId',
  user_id: 'userId',
  anonymousId: 'anonymousId',
  anonymous_id: 'anonymousId',
  messageId: 'messageId',
  message_id: 'messageId',
  timestamp: 'timestamp',
  originalTimestamp: 'originalTimestamp',
  original_timestamp: 'originalTimestamp',
  sentAt: 'sentAt',
  sent_at: 'sentAt',
  groupId: 'groupId',
  group_id: 'groupId',
  previousId: 'previousId',
  previous_id: 'previousId',
  properties: 'properties',
  traits: 'traits',
  context: 'context',
};

export const isObjectField = (f: SegmentField): f is ObjectField => (OBJECT_FIELDS as readonly string[]).includes(f);
