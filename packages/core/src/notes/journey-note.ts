import { z } from 'zod';

/**
 * The qualitative layer of a journey map: notes, interview quotes, ideas and open questions
 * pinned to a stage, a touchpoint cell or a service-blueprint lane, with an owner and a status.
 */
export const NOTE_KINDS = ['note', 'quote', 'idea', 'question'] as const;
export const NOTE_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
/** Service-blueprint lanes under the customer's steps. */
export const BLUEPRINT_LANES = ['customer', 'frontstage', 'backstage', 'process', 'technology'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);

export const journeyNoteInputSchema = z
  .object({
    kind: z.enum(NOTE_KINDS).default('note'),
    stage: text(100).nullable().default(null),
    channel: text(100).nullable().default(null),
    touchpoint: text(300).nullable().default(null),
    lane: z.enum(BLUEPRINT_LANES).nullable().default(null),
    text: text(5000),
    owner: text(200).nullable().default(null),
    status: z.enum(NOTE_STATUSES).default('open'),
  })
  .strict();
export type JourneyNoteInput = z.input<typeof journeyNoteInputSchema>;

/** A partial update: any field of the input. */
export const journeyNotePatchSchema = z
  .object({
    kind: z.enum(NOTE_KINDS),
    stage: text(100).nullable(),
    channel: text(100).nullable(),
    touchpoint: text(300).nullable(),
    lane: z.enum(BLUEPRINT_LANES).nullable(),
    text: text(5000),
    owner: text(200).nullable(),
    status: z.enum(NOTE_STATUSES),
  })
  .partial()
  .strict();

export type JourneyNote = z.output<typeof journeyNoteInputSchema> & { id: string; createdAt: string; updatedAt: string };
