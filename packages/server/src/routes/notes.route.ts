import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { journeyNoteInputSchema, journeyNotePatchSchema } from '@trailmap/core';
import { createJourneyNote, deleteJourneyNote, listJourneyNotes, updateJourneyNote, type StateStore } from '@trailmap/state';
import type { ApiKeys } from '../auth/keys.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';

export const listQuery = z.object({ stage: z.string().max(100).optional(), touchpoint: z.string().max(300).optional() }).strict();

/**
 * The journey map's qualitative layer (notes, quotes, ideas, questions with owner and status),
 * kept in the state store (every server process on it sees each edit at once). The read key (the analyst's key, or the web app's session) can write
 * these: they annotate the map and never change collected events.
 */
export function notesRoutes(app: FastifyInstance, state: StateStore, keys: ApiKeys): void {
  app.get('/v1/journey-notes', async (req) => {
    const q = listQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'notes query');
    return { notes: await listJourneyNotes(state, q.data) };
  });
  app.post('/v1/journey-notes', async (req, reply) => {
    const body = journeyNoteInputSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'note');
    reply.code(201);
    return createJourneyNote(state, body.data);
  });
  app.patch<{ Params: { id: string } }>('/v1/journey-notes/:id', async (req) => {
    const body = journeyNotePatchSchema.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'note update');
    const note = await updateJourneyNote(state, req.params.id, body.data);
    if (!note) throw new ApiError(404, 'not_found', `no note has the id ${JSON.stringify(req.params.id)}`);
    return note;
  });
  app.delete<{ Params: { id: string } }>('/v1/journey-notes/:id', async (req) => {
    if (!(await deleteJourneyNote(state, req.params.id))) throw new ApiError(404, 'not_found', `no note has the id ${JSON.stringify(req.params.id)}`);
    return { id: req.params.id, deleted: true };
  });
}
