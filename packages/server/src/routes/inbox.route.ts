import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listInbox, markInboxRead, type StateStore } from '@trailmap/state';
import { resolvePersonId, type EventStore } from '@trailmap/warehouse';
import type { Authorizer } from '../auth/authorizer.js';
import { admitCollectBody } from '../auth/scope-hook.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';

export const inboxParams = z.object({ personId: z.string().min(1).max(500) }).strict();
export const inboxMessageParams = z.object({ personId: z.string().min(1).max(500), messageId: z.string().min(1).max(500) }).strict();
export const inboxQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

export const inboxMessageSchema = z.object({
  id: z.string(),
  personId: z.string(),
  journeyId: z.string().nullable(),
  title: z.string().nullable(),
  body: z.string().meta({ description: 'the message text (rendered, not HTML-escaped: show it as text)' }),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const inboxAnswerSchema = z.object({
  personId: z.string().meta({ description: 'the person the id given resolves to (the id itself when no one has it yet)' }),
  messages: z.array(inboxMessageSchema).meta({ description: 'newest first' }),
  unreadCount: z.number().int().meta({ description: 'unread messages in all (not only this page)' }),
});

/**
 * The in-app inbox the site or app shows (docs/channels.md#in-app-inbox): `GET /v1/inbox/:personId`
 * (read) lists a person's messages newest first with the unread count; `POST
 * /v1/inbox/:personId/:messageId/read` (collect, the key the app already sends events with) marks
 * one read. The id may be any of the person's ids (userId, anonymousId, person id).
 */
export function inboxRoutes(app: FastifyInstance, store: EventStore, state: StateStore, auth: Authorizer, now: () => number = Date.now): void {
  const parse = <S extends z.ZodType>(schema: S, raw: unknown, where: string): z.output<S> => {
    const p = schema.safeParse(raw ?? {});
    if (!p.success) throw invalidDefinition(p.error, where);
    return p.data;
  };
  const person = async (id: string) => (await resolvePersonId(await store.readSession(), id)) ?? id;

  app.get('/v1/inbox/:personId', async (req): Promise<z.output<typeof inboxAnswerSchema>> => {
    const { personId } = parse(inboxParams, req.params, 'path');
    const { limit } = parse(inboxQuery, req.query, 'query');
    const id = await person(personId);
    return { personId: id, ...(await listInbox(state, id, limit)) };
  });

  app.post('/v1/inbox/:personId/:messageId/read', async (req): Promise<z.output<typeof inboxMessageSchema>> => {
    // The scope hook leaves collect routes without a header key to their handler (collection's key may be in the body); this one has no body key.
    await admitCollectBody(req, auth, undefined);
    const { personId, messageId } = parse(inboxMessageParams, req.params, 'path');
    const read = await markInboxRead(state, await person(personId), messageId, new Date(now()));
    if (!read) throw new ApiError(404, 'not_found', `the person has no inbox message ${JSON.stringify(messageId)}`, 'messageId');
    return read;
  });
}
