import { apiGet, ApiFailure, apiSend } from '../api/client.js';

/** `GET/POST /v1/journey-notes`, `PATCH/DELETE /v1/journey-notes/:id` (docs/api.md). */
export const NOTE_KINDS = ['note', 'quote', 'idea', 'question'] as const;
export const NOTE_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
/** The blueprint lanes edited under the customer's steps (the customer lane is the map itself). */
export const EDITED_LANES = ['frontstage', 'backstage', 'process', 'technology'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];
export type NoteStatus = (typeof NOTE_STATUSES)[number];
export type Lane = (typeof EDITED_LANES)[number] | 'customer';

export interface JourneyNote {
  id: string;
  kind: NoteKind;
  stage: string | null;
  channel: string | null;
  touchpoint: string | null;
  lane: Lane | null;
  text: string;
  owner: string | null;
  status: NoteStatus;
  createdAt: string;
  updatedAt: string;
}

export type NoteInput = Pick<JourneyNote, 'kind' | 'stage' | 'channel' | 'touchpoint' | 'lane' | 'text' | 'owner' | 'status'>;
export type NotePatch = Partial<NoteInput>;

/** A refused write, with the field the server named (`text`, `owner`, …): the shared `ApiFailure`. */
export const NoteFailure = ApiFailure;
const send = apiSend;

export const listNotes = (signal?: AbortSignal) => apiGet<{ notes: JourneyNote[] }>('/v1/journey-notes', signal).then((r) => r.notes);
export const createNote = (input: NoteInput) => send<JourneyNote>('POST', '/v1/journey-notes', input);
export const updateNote = (id: string, patch: NotePatch) => send<JourneyNote>('PATCH', `/v1/journey-notes/${encodeURIComponent(id)}`, patch);
export const deleteNote = (id: string) => send<{ id: string; deleted: true }>('DELETE', `/v1/journey-notes/${encodeURIComponent(id)}`);

// Kept in step with the server's schema (packages/core/src/notes/journey-note.ts) so the form
// can say what is wrong before sending; the server checks again and its answer is shown too.
export const TEXT_MAX = 5000;
export const OWNER_MAX = 200;

/** Which of a note's notes belong where: a stage, a cell, or a blueprint lane of a stage. */
export const isStageNote = (n: JourneyNote, stage: string) => n.lane === null && n.stage === stage && n.channel === null && n.touchpoint === null;
export const isCellNote = (n: JourneyNote, c: { stage: string; channel: string; touchpoint: string }) =>
  n.lane === null && n.stage === c.stage && n.channel === c.channel && n.touchpoint === c.touchpoint;
export const isLaneNote = (n: JourneyNote, lane: string, stage: string) => n.lane === lane && n.stage === stage;
