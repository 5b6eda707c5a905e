import { listComputedTraits, personSegments, type StateStore } from '@trailmap/state';
import { personComputedTraits } from '@trailmap/warehouse';
import type { FastifyInstance } from 'fastify';
import { RuleError, type EventStore } from '@trailmap/warehouse';
import type { ApiKeys } from '../auth/keys.js';
import { ApiError } from '../http/api-error.js';
import { z } from 'zod';
import { peopleQueryInput, peopleQueryObject, peopleQuerySchema, toCsv, touchpointRuleSchema, type PeopleAnswer } from '@trailmap/core';
import { invalidDefinition } from '../http/zod-error.js';
import type { Auditor } from '../audit/auditor.js';

export const rulesBody = z.object({ rules: z.array(touchpointRuleSchema).max(500) }).strict();
export const quarantineQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    offset: z.coerce.number().int().min(0).default(0),
    source: z.string().max(200).optional(),
    file: z.string().max(1000).optional(),
  })
  .strict();

/** Read endpoints (read key): profiles, people search, quarantine, sources, the touchpoint catalogue. */
export function readRoutes(app: FastifyInstance, store: EventStore, keys: ApiKeys, state?: StateStore, now: () => number = Date.now, auditor?: Auditor): void {
  app.get<{ Params: { id: string } }>('/v1/profiles/:id', async (req) => {
    const profile = await store.profile(req.params.id);
    if (!profile) throw new ApiError(404, 'not_found', `no person has the id ${JSON.stringify(req.params.id)}`);
    // Every read of one person's data is in the audit log (by the person's keyed reference, never their ids).
    await auditor?.personRead(req, 'profile.read', profile.id);
    if (!state) return profile;
    // The saved computed traits, computed for this person now (the profile's read loaded the log).
    const at = now();
    const defs = (await listComputedTraits(state)).map((t) => t.definition);
    const values = await personComputedTraits(await store.readSession(), defs, profile.id, at);
    // The saved segments the person is in now (as of the refresher's last recompute).
    const segments = await personSegments(state, profile.id);
    return { ...profile, segments, computedTraits: { asOf: new Date(at).toISOString(), lastLoadAt: store.lastLoadAt === null ? null : new Date(store.lastLoadAt).toISOString(), values } };
  });

  app.get('/v1/people', async (req, reply) => {
    const input = peopleQueryInput((req.query ?? {}) as Record<string, string | string[]>);
    const unknown = Object.keys(input).find((k) => !(k in peopleQueryObject.shape));
    if (unknown !== undefined) throw new ApiError(400, 'invalid_definition', `invalid people query: unknown parameter ${JSON.stringify(unknown)} (q, persona, trait.NAME, columns, limit, offset, format)`, unknown);
    const q = peopleQuerySchema.safeParse(input);
    if (!q.success) throw invalidDefinition(q.error, 'people query');
    const { persona, traits, ...rest } = q.data;
    const answer = await store.people({ ...rest, traits: persona === undefined ? traits : [...traits, { name: 'persona', value: persona }] });
    if (q.data.format === 'json') return answer;
    await auditor?.record(req, { action: 'people.export', detail: { people: answer.people.length, total: answer.total } });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="people.csv"')
      .header('x-total-count', String(answer.total))
      .send(peopleCsv(answer));
  });

  app.get('/v1/people/traits', async (req) => {
    return { traits: await store.peopleTraits() };
  });

  app.get('/v1/quarantine', async (req) => {
    const q = quarantineQuery.safeParse(req.query ?? {});
    if (!q.success) throw invalidDefinition(q.error, 'quarantine query');
    return store.quarantine(q.data);
  });

  /** Which sources have sent data: events, people and quarantined records per source (`http`, `demo`, `file:<name>`). */
  app.get('/v1/sources', async (req) => {
    return store.sources();
  });

  /** The catalogue's rules by origin (edited here, config file, defaults), in the order they apply. */
  app.get('/v1/touchpoints/rules', async (req) => {
    return store.catalogueRules();
  });

  /**
   * Replace the rules edited in the app; every stored event is re-classified. The read key (the
   * analyst's) may do this: it changes how events are mapped, never the events themselves.
   */
  app.put('/v1/touchpoints/rules', async (req) => {
    const body = rulesBody.safeParse(req.body ?? {});
    if (!body.success) throw invalidDefinition(body.error, 'catalogue rules');
    let saved;
    try {
      saved = await store.saveCatalogueRules(body.data.rules);
    } catch (e) {
      if (e instanceof RuleError) throw new ApiError(400, 'invalid_definition', e.message, e.field);
      throw e;
    }
    return { ...saved, ...(await store.catalogueRules()) };
  });

  app.get('/v1/touchpoints', async (req) => {
    // Identify / alias / group calls are counted beside the catalogue, not in it.
    return { touchpoints: await store.touchpoints(), notTouchpoints: await store.nonTouchpoints() };
  });
}

/** The people list as CSV: the fixed columns, then each chosen trait. */
export function peopleCsv(a: PeopleAnswer): string {
  return toCsv([
    ['personId', 'name', 'email', 'identities', 'events', 'firstSeen', 'lastSeen', ...a.columns.map((c) => `trait.${c}`)],
    ...a.people.map((p) => [p.personId, p.name, p.email, p.identities.join(' '), p.events, p.firstSeen, p.lastSeen, ...a.columns.map((c) => p.traits[c] ?? null)]),
  ]);
}
