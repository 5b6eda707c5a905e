import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { journeyDurationMs, MESSAGE_STATUSES, type JourneyDetail, type JourneyListAnswer, type JourneyMessagesAnswer, type JourneyPreview, type JourneyStats, type JourneyValidation } from '@trailmap/core';
import { getJourneyMessage, queueOutboundEvents, recordMessageStatus, type StateStore } from '@trailmap/state';
import type { EventStore } from '@trailmap/warehouse';
import { actorOf, type Auditor } from '../audit/auditor.js';
import { formatOfChannel, renderTemplate } from '../channels/templates.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';
import {
  createJourneyFrom,
  isJourneyRefusal,
  JOURNEY_MOVES,
  journeyMessagesPage,
  journeyRunsOf,
  journeyStatsOf,
  listJourneysAnswer,
  moveJourney,
  publishJourneyDraft,
  showJourney,
  updateJourneyFrom,
  type JourneyMove,
  type JourneyRefusal,
} from '../journeys/journey-admin.js';
import type { JourneyCatalogue } from '../journeys/journey-catalogue.js';
import { messageView, validateJourney } from '../journeys/journey-views.js';
import { messageStatusEvent } from '../journeys/outbound-events.js';
import type { PersonContextSource } from '../journeys/person-context-source.js';

export const journeyParams = z.object({ id: z.string().min(1).max(100) }).strict();
export const journeyStatsQuery = z.object({ version: z.coerce.number().int().min(1).optional() }).strict();
export const journeyRunsQuery = z.object({ status: z.enum(['active', 'waiting', 'following', 'ended']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
export const journeyPreviewBody = z.object({ personId: z.string().min(1).max(500), stepId: z.string().min(1).max(64) }).strict();
/** What a `trailmap worker` asks the server of a person (it has no warehouse of its own). */
export const journeyContextBody = z
  .object({
    personId: z.string().min(1).max(500),
    needs: z
      .object({
        eventCounts: z.array(z.object({ event: z.string().min(1).max(200), within: z.string().max(20).optional() }).strict()).max(100).default([]),
        computedTraits: z.array(z.string().min(1).max(100)).max(100).default([]),
      })
      .strict()
      .default({ eventCounts: [], computedTraits: [] }),
  })
  .strict();

export const messageParams = z.object({ id: z.string().min(1).max(500) }).strict();
/** A provider's (or a bridge's) report on a sent message. */
export const messageStatusBody = z.object({ status: z.enum(['delivered', 'opened', 'clicked', 'bounced']), at: z.iso.datetime({ offset: true }).optional() }).strict();

export const messagesQuery = z
  .object({
    journeyId: z.string().min(1).max(100).optional(),
    personId: z.string().min(1).max(500).optional(),
    status: z.enum(MESSAGE_STATUSES).optional(),
    channel: z.enum(['email', 'sms', 'push', 'inapp', 'webhook']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(400).optional(),
  })
  .strict();

export interface JourneyRouteDeps {
  state: StateStore;
  store: EventStore;
  catalogue: JourneyCatalogue;
  context: PersonContextSource;
  auditor: Auditor;
  now: () => number;
}

const parse = <T>(schema: z.ZodType<T>, raw: unknown, what: string): T => {
  const r = schema.safeParse(raw ?? {});
  if (!r.success) throw invalidDefinition(r.error, what);
  return r.data;
};

/** The answer, or the refusal as the API error it stands for. */
const answer = <T extends object>(r: T | JourneyRefusal): T => {
  if (isJourneyRefusal(r)) throw new ApiError(r.status, r.code, r.message, r.field);
  return r;
};

/**
 * Journeys (docs/journeys.md): definitions with versions (draft → publish → live, paused,
 * archived), their stats, runs and a template preview; and the messages they sent. Reads need
 * scope read; every change needs admin and is audited. The operations are journey-admin.ts's,
 * shared with `trailmap journeys`.
 */
export function journeysRoutes(app: FastifyInstance, d: JourneyRouteDeps): void {
  const by = (req: FastifyRequest) => ({ actor: actorOf(req), origin: req.ip });
  const id = (req: FastifyRequest) => parse(journeyParams, req.params, 'path').id;
  /** A change: this process's workers see it at once (others within their catalogue's check interval). */
  const changed = <T extends object>(r: T | JourneyRefusal): T => {
    const out = answer(r);
    d.catalogue.invalidate();
    return out;
  };

  app.get('/v1/journeys', async (): Promise<JourneyListAnswer> => listJourneysAnswer(d.state));
  app.post('/v1/journeys/validate', async (req): Promise<JourneyValidation> => validateJourney(req.body).validation);
  app.post('/v1/journeys', async (req, reply): Promise<JourneyDetail> => {
    const j = changed(await createJourneyFrom(d.state, req.body, by(req), d.now()));
    reply.code(201);
    return j;
  });
  app.get('/v1/journeys/:id', async (req): Promise<JourneyDetail> => answer(await showJourney(d.state, id(req))));
  app.put('/v1/journeys/:id', async (req): Promise<JourneyDetail> => changed(await updateJourneyFrom(d.state, id(req), req.body, by(req), d.now())));
  app.post('/v1/journeys/:id/publish', async (req): Promise<JourneyDetail> => changed(await publishJourneyDraft(d.state, id(req), by(req), d.now())));
  for (const move of Object.keys(JOURNEY_MOVES) as JourneyMove[]) {
    app.post(`/v1/journeys/:id/${move}`, async (req): Promise<JourneyDetail> => changed(await moveJourney(d.state, id(req), move, by(req), d.now())));
  }
  app.get('/v1/journeys/:id/stats', async (req): Promise<JourneyStats> => {
    const { version } = parse(journeyStatsQuery, req.query, 'stats query');
    return answer(await journeyStatsOf(d.state, id(req), version));
  });
  app.get('/v1/journeys/:id/runs', async (req) => answer(await journeyRunsOf(d.state, id(req), parse(journeyRunsQuery, req.query, 'runs query'))));

  app.post('/v1/journeys/:id/preview', async (req): Promise<JourneyPreview> => {
    const j = answer(await showJourney(d.state, id(req)));
    const body = parse(journeyPreviewBody, req.body, 'preview');
    const step = j.definition.steps.find((s) => s.id === body.stepId);
    if (!step || step.type !== 'send') throw new ApiError(400, 'invalid_definition', `invalid preview: stepId: the journey has no send step "${body.stepId}"`, 'stepId');
    const profile = await d.store.profile(body.personId);
    if (!profile) throw new ApiError(404, 'not_found', `no person has the id ${JSON.stringify(body.personId)}`, 'personId');
    const person = await d.context.context(profile.id, { eventCounts: [], computedTraits: [] }, d.now());
    await d.auditor.personRead(req, 'journey.preview', profile.id);
    try {
      const r = await renderTemplate(step.template, { person: { id: person.personId, traits: person.traits, computed: person.computed }, journey: { id: j.id, name: j.name }, recommendations: [], unsubscribe_url: 'https://example.invalid/unsubscribe (a real link in each message)' }, person.locale, formatOfChannel(step.channel));
      return { stepId: step.id, channel: step.channel, personId: profile.id, locale: r.locale, subject: r.subject, body: r.body };
    } catch (e) {
      throw new ApiError(400, 'invalid_definition', `invalid preview: the template did not render for this person: ${(e as Error).message}`, 'stepId');
    }
  });

  app.post('/v1/journeys/context', async (req) => {
    const body = parse(journeyContextBody, req.body, 'context request');
    for (const c of body.needs.eventCounts) {
      if (c.within !== undefined && journeyDurationMs(c.within) === null) throw new ApiError(400, 'invalid_definition', `invalid context request: needs.eventCounts: "${c.within}" is not a duration such as 30d`, 'needs.eventCounts');
    }
    const needs = { eventCounts: body.needs.eventCounts.map((c) => ({ event: c.event, ...(c.within ? { within: c.within } : {}) })), computedTraits: body.needs.computedTraits };
    return { context: await d.context.context(body.personId, needs, d.now()), consent: await d.context.consent(body.personId) };
  });

  app.post('/v1/messages/:id/status', async (req) => {
    const { id: messageId } = parse(messageParams, req.params, 'path');
    const body = parse(messageStatusBody, req.body, 'message status');
    const at = body.at ? Date.parse(body.at) : d.now();
    const before = await getJourneyMessage(d.state, messageId);
    if (!before) throw new ApiError(404, 'not_found', `no message has the id ${JSON.stringify(messageId)}`, 'id');
    const person = await d.context.context(before.personId, { eventCounts: [], computedTraits: [] }, d.now());
    const after = await d.state.transaction(async (tx) => {
      const m = await recordMessageStatus(tx, messageId, body.status, at);
      const e = m ? messageStatusEvent(person, m, body.status, at) : null;
      if (e) await queueOutboundEvents(tx, [e], at);
      return m;
    });
    // A status reported twice, or one that would move the message back (opened after clicked), changes nothing.
    return { message: messageView(after ?? before), recorded: after !== null };
  });

  app.get('/v1/messages', async (req): Promise<JourneyMessagesAnswer> => answer(await journeyMessagesPage(d.state, parse(messagesQuery, req.query, 'messages query'))));
}
