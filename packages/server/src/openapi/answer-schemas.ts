import { z } from 'zod';
import {
  aliasSchema,
  groupSchema,
  identifySchema,
  interventionOverrideSchema,
  isoTimestamp,
  journeyNoteInputSchema,
  messageSchema,
  pageSchema,
  screenSchema,
  trackSchema,
  type MessageType,
} from '@trailmap/core';
import type { ApiErrorBody } from '../http/api-error.js';
import type { CollectedRequest } from '../collect/collect-messages.js';

// Shapes the documentation needs that no route parses with zod: answers (typed in TypeScript
// where they are made; each schema here is checked against that type) and the batch envelope,
// which collect/collect-messages.ts walks by hand so one bad message cannot sink the rest.

/** The body of every error: `{"error": {"code", "message", "field"?}}`. */
export const apiErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'stable, machine-readable reason, e.g. invalid_definition' }),
      message: z.string().meta({ description: 'what was wrong and how to fix it' }),
      field: z.string().optional().meta({ description: 'the field at fault, as a path such as steps[1].event' }),
    }),
  })
  .meta({ description: 'an error: the code, a message for people, and the field when one is at fault' }) satisfies z.ZodType<ApiErrorBody>;

const counts = {
  received: z.number().int().meta({ description: 'messages in the request' }),
  accepted: z.number().int().meta({ description: 'valid messages, now durable in the collection log (duplicates included)' }),
  quarantined: z.number().int().meta({ description: 'invalid messages, each stored in the quarantine table with its reason' }),
};

/** 200 from collection: every message was valid and is durable. */
export const collectAnswerSchema = z.object({ success: z.literal(true), ...counts });

const rejectedMessage = z.object({
  index: z.number().int().nullable().meta({ description: 'position in "batch", null for a single-message request' }),
  messageId: z.string().nullable(),
  code: z.string(),
  field: z.string().nullable(),
  message: z.string(),
}) satisfies z.ZodType<CollectedRequest['errors'][number]>;

/** 400 from collection when some messages were invalid: the valid ones are stored, each invalid one quarantined and listed. */
export const collectRejectedSchema = z.object({
  success: z.literal(false),
  error: apiErrorBodySchema.shape.error,
  ...counts,
  errors: z.array(rejectedMessage),
});

/**
 * A message sent to its own endpoint: `type` may be left out (the endpoint implies it).
 * Built from core's message schemas, which normalizeMessage validates with.
 */
export const endpointMessageSchemas: Record<MessageType, z.ZodType> = {
  track: trackSchema.extend({ type: trackSchema.shape.type.optional() }),
  identify: identifySchema.extend({ type: identifySchema.shape.type.optional() }),
  page: pageSchema.extend({ type: pageSchema.shape.type.optional() }),
  screen: screenSchema.extend({ type: screenSchema.shape.type.optional() }),
  group: groupSchema.extend({ type: groupSchema.shape.type.optional() }),
  alias: aliasSchema.extend({ type: aliasSchema.shape.type.optional() }),
};

/** `/v1/batch` and `/v1/import`: messages of any type, with a shared `sentAt` and `context`. */
export const batchBodySchema = z.object({
  batch: z.array(messageSchema).meta({ description: 'the messages; each is validated on its own (an invalid one is quarantined, the rest are stored)' }),
  sentAt: isoTimestamp.optional().meta({ description: 'when the client sent the batch (clock-skew correction)' }),
  context: z.record(z.string(), z.unknown()).optional().meta({ description: 'merged under each message\'s own context' }),
  writeKey: z.string().optional().meta({ description: 'the write key, when not sent as HTTP Basic' }),
});

export const healthSchema = z.object({ status: z.literal('ok'), version: z.string() });

/** A stored journey note: the input with its id and times (core's JourneyNote). */
export const journeyNoteSchema = journeyNoteInputSchema.extend({ id: z.string(), createdAt: z.string(), updatedAt: z.string() });
export const journeyNoteListSchema = z.object({ notes: z.array(journeyNoteSchema) });
export const noteDeletedSchema = z.object({ id: z.string(), deleted: z.literal(true) });

export const interventionOverrideAnswerSchema = interventionOverrideSchema.extend({ id: z.string() });
export const interventionResetSchema = z.object({ id: z.string(), reset: z.boolean().meta({ description: 'whether the intervention had estimates of its own' }) });
