import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { journeyDurationMs, MESSAGE_STATUSES, type JourneyDefinition, type JourneyDetail, type JourneyListAnswer, type JourneyMessagesAnswer, type JourneyPreview, type JourneyStats, type JourneyValidation } from '@trailmap/core';
import {
  createJourney,
  endJourneyRuns,
  getJourney,
  journeyCounts,
  journeyRunTotals,
  listJourneyMessages,
  listJourneys,
  listJourneyVersions,
  listRuns,
  publishJourney,
  setJourneyStatus,
  updateJourneyDraft,
  type StateStore,
  type StoredJourney,
} from '@trailmap/state';
import type { EventStore } from '@trailmap/warehouse';
import type { Auditor } from '../audit/auditor.js';
import { formatOfChannel, renderTemplate } from '../channels/templates.js';
import { ApiError } from '../http/api-error.js';
import { invalidDefinition } from '../http/zod-error.js';
import type { JourneyCatalogue } from '../journeys/journey-catalogue.js';
import { journeyDetail, journeyStats, journeySummary, messageView, runView, validateJourney } from '../journeys/journey-views.js';
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

const cursorOf = (m: { createdAt: string; id: string }) => Buffer.from(`${Date.parse(m.createdAt)}|${m.id}`).toString('base64url');
function readCursor(c: string): { createdAt: number; id: string } {
  const text = Buffer.from(c, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  const createdAt = Number(text.slice(0, bar));
  if (bar < 1 || !Number.isFinite(createdAt)) throw new ApiError(400, 'invalid_definition', 'invalid messages query: cursor: not a cursor this API gave (use `next` from the previous page)', 'cursor');
  return { createdAt, id: text.slice(bar + 1) };
}

/** A new journey's id: its name as a slug and a random tail, e.g. `abandoned-cart-3f9a1c`. */
const newId = (name: string) => `${name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'journey'}-${randomBytes(3).toString('hex')}`;

/**
 * Journeys (docs/journeys.md): definitions with versions (draft → publish → live, paused,
 * archived), their stats, runs and a template preview; and the messages they sent. Reads need
 * scope read; every change needs admin and is audited.
 */
export function journeysRoutes(app: FastifyInstance, d: JourneyRouteDeps): void {
  const load = async (id: string): Promise<StoredJourney> => {
    const j = await getJourney(d.state, id);
    if (!j) throw new ApiError(404, 'not_found', `no journey has the id ${JSON.stringify(id)}`, 'id');
    return j;
  };
  const detail = async (j: StoredJourney): Promise<JourneyDetail> => journeyDetail(j, await listJourneyVersions(d.state, j.id), (await journeyRunTotals(d.state)).get(j.id));
  const definitionOf = (raw: unknown): JourneyDefinition => {
    const { validation, definition } = validateJourney(raw);
    if (!definition) {
      const first = validation.issues[0]!;
      throw new ApiError(400, 'invalid_definition', `invalid journey: ${validation.issues.slice(0, 5).map((i) => `${i.path || 'journey'}: ${i.message}`).join('; ')}`, first.path || undefined);
    }
    return definition;
  };
  const changed = async (req: FastifyRequest, action: string, j: StoredJourney, detailOf: Record<string, unknown> = {}) => {
    d.catalogue.invalidate();
    await d.auditor.record(req, { action, target: `journey:${j.id}`, detail: { name: j.name, status: j.status, liveVersion: j.liveVersion, ...detailOf } });
  };
  const notArchived = (j: StoredJourney, doing: string) => {
    if (j.status === 'archived') throw new ApiError(409, 'archived', `the journey ${JSON.stringify(j.id)} is archived; it cannot be ${doing}`, 'id');
  };

  app.get('/v1/journeys', async (): Promise<JourneyListAnswer> => {
    const totals = await journeyRunTotals(d.state);
    return { journeys: (await listJourneys(d.state)).map((j) => journeySummary(j, totals.get(j.id))) };
  });

  app.post('/v1/journeys/validate', async (req): Promise<JourneyValidation> => validateJourney(req.body).validation);

  app.post('/v1/journeys', async (req, reply): Promise<JourneyDetail> => {
    const def = definitionOf(req.body);
    const j = await createJourney(d.state, { id: newId(def.name), name: def.name, draft: def, at: new Date(d.now()) });
    await changed(req, 'journey.create', j);
    reply.code(201);
    return detail(j);
  });

  app.get('/v1/journeys/:id', async (req): Promise<JourneyDetail> => detail(await load(parse(journeyParams, req.params, 'path').id)));

  app.put('/v1/journeys/:id', async (req): Promise<JourneyDetail> => {
    const { id } = parse(journeyParams, req.params, 'path');
    notArchived(await load(id), 'edited');
    const def = definitionOf(req.body);
    const j = (await updateJourneyDraft(d.state, id, def.name, def, new Date(d.now())))!;
    await changed(req, 'journey.update', j);
    return detail(j);
  });

  app.post('/v1/journeys/:id/publish', async (req): Promise<JourneyDetail> => {
    const { id } = parse(journeyParams, req.params, 'path');
    const before = await load(id);
    notArchived(before, 'published');
    definitionOf(before.draft); // a draft stored by an older version may no longer be valid
    const j = (await d.state.transaction((tx) => publishJourney(tx, id, new Date(d.now()))))!;
    await changed(req, 'journey.publish', j, { version: j.liveVersion });
    return detail(j);
  });

  const move = (path: string, action: string, from: ReadonlyArray<StoredJourney['status']>, to: StoredJourney['status'], what: string) =>
    app.post(`/v1/journeys/:id/${path}`, async (req): Promise<JourneyDetail> => {
      const { id } = parse(journeyParams, req.params, 'path');
      const before = await load(id);
      if (!from.includes(before.status)) throw new ApiError(409, 'wrong_status', `the journey ${JSON.stringify(id)} is ${before.status}; only a ${from.join(' or ')} journey can be ${what}`, 'id');
      const j = await d.state.transaction(async (tx) => {
        const out = (await setJourneyStatus(tx, id, to, new Date(d.now())))!;
        if (to === 'archived') await endJourneyRuns(tx, id, d.now());
        return out;
      });
      await changed(req, action, j);
      return detail(j);
    });
  move('pause', 'journey.pause', ['live'], 'paused', 'paused');
  move('resume', 'journey.resume', ['paused'], 'live', 'resumed');
  move('archive', 'journey.archive', ['draft', 'live', 'paused'], 'archived', 'archived');

  app.get('/v1/journeys/:id/stats', async (req): Promise<JourneyStats> => {
    const j = await load(parse(journeyParams, req.params, 'path').id);
    const { version } = parse(journeyStatsQuery, req.query, 'stats query');
    let def = j.draft as JourneyDefinition;
    if (version !== undefined) {
      const v = (await listJourneyVersions(d.state, j.id)).find((x) => x.version === version);
      if (!v) throw new ApiError(404, 'not_found', `the journey ${JSON.stringify(j.id)} has no version ${version}`, 'version');
      def = v.definition as JourneyDefinition;
    }
    return journeyStats(j.id, version ?? null, def, await journeyCounts(d.state, j.id, version ?? null));
  });

  app.get('/v1/journeys/:id/runs', async (req) => {
    const j = await load(parse(journeyParams, req.params, 'path').id);
    const q = parse(journeyRunsQuery, req.query, 'runs query');
    return { runs: (await listRuns(d.state, { journeyId: j.id, limit: q.limit, ...(q.status ? { status: q.status } : {}) })).map(runView) };
  });

  app.post('/v1/journeys/:id/preview', async (req): Promise<JourneyPreview> => {
    const j = await load(parse(journeyParams, req.params, 'path').id);
    const body = parse(journeyPreviewBody, req.body, 'preview');
    const step = (j.draft as JourneyDefinition).steps.find((s) => s.id === body.stepId);
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

  app.get('/v1/messages', async (req): Promise<JourneyMessagesAnswer> => {
    const q = parse(messagesQuery, req.query, 'messages query');
    const rows = await listJourneyMessages(d.state, {
      limit: q.limit + 1,
      ...(q.journeyId ? { journeyId: q.journeyId } : {}),
      ...(q.personId ? { personId: q.personId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.cursor ? { after: readCursor(q.cursor) } : {}),
    });
    const messages = rows.slice(0, q.limit).map(messageView);
    return { messages, next: rows.length > q.limit ? cursorOf(messages.at(-1)!) : null };
  });
}
