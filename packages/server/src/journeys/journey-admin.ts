import { randomBytes } from 'node:crypto';
import type { JourneyDefinition, JourneyDetail, JourneyListAnswer, JourneyMessagesAnswer, JourneyRunView, JourneyStats } from '@trailmap/core';
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
  recordAudit,
  setJourneyStatus,
  updateJourneyDraft,
  type StateSession,
  type StateStore,
  type StoredJourney,
} from '@trailmap/state';
import type { KeyActor } from '../auth/key-admin.js';
import { journeyDetail, journeyStats, journeySummary, messageView, runView, validateJourney } from './journey-views.js';

/**
 * Journey operations on the state store without HTTP, for `trailmap journeys` on a data
 * directory: the same checks, status rules, audit actions and answers as /v1/journeys
 * (routes/journeys.route.ts). A refusal carries the status, code, message and field the API
 * answers with.
 */
export interface JourneyRefusal {
  refused: true;
  status: 400 | 404 | 409;
  code: 'invalid_definition' | 'not_found' | 'archived' | 'wrong_status';
  message: string;
  field?: string;
}

export const isJourneyRefusal = (r: object): r is JourneyRefusal => 'refused' in r;

/** The status moves: which statuses each comes from, where it goes, its audit action. */
export const JOURNEY_MOVES = {
  pause: { action: 'journey.pause', from: ['live'], to: 'paused', done: 'paused' },
  resume: { action: 'journey.resume', from: ['paused'], to: 'live', done: 'resumed' },
  archive: { action: 'journey.archive', from: ['draft', 'live', 'paused'], to: 'archived', done: 'archived' },
} as const satisfies Record<string, { action: string; from: ReadonlyArray<StoredJourney['status']>; to: StoredJourney['status']; done: string }>;
export type JourneyMove = keyof typeof JOURNEY_MOVES;

const refuse = (status: JourneyRefusal['status'], code: JourneyRefusal['code'], message: string, field?: string): JourneyRefusal => ({ refused: true, status, code, message, ...(field ? { field } : {}) });
const notFound = (id: string) => refuse(404, 'not_found', `no journey has the id ${JSON.stringify(id)}`, 'id');

/** A new journey's id: its name as a slug and a random tail, e.g. `abandoned-cart-3f9a1c`. */
export const newJourneyId = (name: string) => `${name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'journey'}-${randomBytes(3).toString('hex')}`;

/** The definition, or the 400 naming the first issue's path (the first five issues in the message). */
export function journeyDefinitionOf(raw: unknown): JourneyDefinition | JourneyRefusal {
  const { validation, definition } = validateJourney(raw);
  if (definition) return definition;
  const first = validation.issues[0]!;
  return refuse(400, 'invalid_definition', `invalid journey: ${validation.issues.slice(0, 5).map((i) => `${i.path || 'journey'}: ${i.message}`).join('; ')}`, first.path || undefined);
}

const detailOf = async (s: StateSession, j: StoredJourney): Promise<JourneyDetail> => journeyDetail(j, await listJourneyVersions(s, j.id), (await journeyRunTotals(s)).get(j.id));
const audit = (s: StateSession, by: KeyActor, action: string, j: StoredJourney, extra: Record<string, unknown> = {}) =>
  recordAudit(s, { actor: by.actor, origin: by.origin ?? null, action, target: `journey:${j.id}`, detail: { name: j.name, status: j.status, liveVersion: j.liveVersion, ...extra } });
const archivedRefusal = (j: StoredJourney, doing: string) => refuse(409, 'archived', `the journey ${JSON.stringify(j.id)} is archived; it cannot be ${doing}`, 'id');

export async function listJourneysAnswer(state: StateStore): Promise<JourneyListAnswer> {
  const totals = await journeyRunTotals(state);
  return { journeys: (await listJourneys(state)).map((j) => journeySummary(j, totals.get(j.id))) };
}

export async function showJourney(state: StateStore, id: string): Promise<JourneyDetail | JourneyRefusal> {
  const j = await getJourney(state, id);
  return j ? detailOf(state, j) : notFound(id);
}

/** A draft from a definition; audited as `journey.create`. */
export async function createJourneyFrom(state: StateStore, raw: unknown, by: KeyActor, now: number): Promise<JourneyDetail | JourneyRefusal> {
  const def = journeyDefinitionOf(raw);
  if (isJourneyRefusal(def)) return def;
  return state.transaction(async (tx) => {
    const j = await createJourney(tx, { id: newJourneyId(def.name), name: def.name, draft: def, at: new Date(now) });
    await audit(tx, by, 'journey.create', j);
    return detailOf(tx, j);
  });
}

/** Replace the draft of a journey that is not archived; audited as `journey.update`. */
export async function updateJourneyFrom(state: StateStore, id: string, raw: unknown, by: KeyActor, now: number): Promise<JourneyDetail | JourneyRefusal> {
  const before = await getJourney(state, id);
  if (!before) return notFound(id);
  if (before.status === 'archived') return archivedRefusal(before, 'edited');
  const def = journeyDefinitionOf(raw);
  if (isJourneyRefusal(def)) return def;
  return state.transaction(async (tx) => {
    const j = (await updateJourneyDraft(tx, id, def.name, def, new Date(now)))!;
    await audit(tx, by, 'journey.update', j);
    return detailOf(tx, j);
  });
}

/** Freeze the draft as the next version and go live; the draft is checked again first. Audited as `journey.publish`. */
export async function publishJourneyDraft(state: StateStore, id: string, by: KeyActor, now: number): Promise<JourneyDetail | JourneyRefusal> {
  const before = await getJourney(state, id);
  if (!before) return notFound(id);
  if (before.status === 'archived') return archivedRefusal(before, 'published');
  const def = journeyDefinitionOf(before.draft); // a draft stored by an older version may no longer be valid
  if (isJourneyRefusal(def)) return def;
  return state.transaction(async (tx) => {
    const j = (await publishJourney(tx, id, new Date(now)))!;
    await audit(tx, by, 'journey.publish', j, { version: j.liveVersion });
    return detailOf(tx, j);
  });
}

/** Pause, resume or archive (archiving ends every run under way, outcome archived). */
export async function moveJourney(state: StateStore, id: string, move: JourneyMove, by: KeyActor, now: number): Promise<JourneyDetail | JourneyRefusal> {
  const m = JOURNEY_MOVES[move];
  const before = await getJourney(state, id);
  if (!before) return notFound(id);
  if (!(m.from as ReadonlyArray<string>).includes(before.status)) return refuse(409, 'wrong_status', `the journey ${JSON.stringify(id)} is ${before.status}; only a ${m.from.join(' or ')} journey can be ${m.done}`, 'id');
  return state.transaction(async (tx) => {
    const j = (await setJourneyStatus(tx, id, m.to, new Date(now)))!;
    if (m.to === 'archived') await endJourneyRuns(tx, id, now);
    await audit(tx, by, m.action, j);
    return detailOf(tx, j);
  });
}

/** Stats of every version (version undefined) or one; for one version, its own definition's steps. */
export async function journeyStatsOf(state: StateStore, id: string, version?: number): Promise<JourneyStats | JourneyRefusal> {
  const j = await getJourney(state, id);
  if (!j) return notFound(id);
  let def = j.draft as JourneyDefinition;
  if (version !== undefined) {
    const v = (await listJourneyVersions(state, j.id)).find((x) => x.version === version);
    if (!v) return refuse(404, 'not_found', `the journey ${JSON.stringify(j.id)} has no version ${version}`, 'version');
    def = v.definition as JourneyDefinition;
  }
  return journeyStats(j.id, version ?? null, def, await journeyCounts(state, j.id, version ?? null));
}

export async function journeyRunsOf(state: StateStore, id: string, q: { status?: JourneyRunView['status'] | undefined; limit: number }): Promise<{ runs: JourneyRunView[] } | JourneyRefusal> {
  if (!(await getJourney(state, id))) return notFound(id);
  return { runs: (await listRuns(state, { journeyId: id, limit: q.limit, ...(q.status ? { status: q.status } : {}) })).map(runView) };
}

const cursorOf = (m: { createdAt: string; id: string }) => Buffer.from(`${Date.parse(m.createdAt)}|${m.id}`).toString('base64url');
function readCursor(c: string): { createdAt: number; id: string } | null {
  const text = Buffer.from(c, 'base64url').toString('utf8');
  const bar = text.indexOf('|');
  const createdAt = Number(text.slice(0, bar));
  return bar < 1 || !Number.isFinite(createdAt) ? null : { createdAt, id: text.slice(bar + 1) };
}

/** One page of messages, newest first; `next` continues after its last one (the cursor GET /v1/messages gives). */
export async function journeyMessagesPage(
  state: StateStore,
  q: { journeyId?: string | undefined; personId?: string | undefined; status?: string | undefined; channel?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<JourneyMessagesAnswer | JourneyRefusal> {
  const after = q.cursor === undefined ? undefined : readCursor(q.cursor);
  if (after === null) return refuse(400, 'invalid_definition', 'invalid messages query: cursor: not a cursor this API gave (use `next` from the previous page)', 'cursor');
  const rows = await listJourneyMessages(state, {
    limit: q.limit + 1,
    ...(q.journeyId ? { journeyId: q.journeyId } : {}),
    ...(q.personId ? { personId: q.personId } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.channel ? { channel: q.channel } : {}),
    ...(after ? { after } : {}),
  });
  const messages = rows.slice(0, q.limit).map(messageView);
  return { messages, next: rows.length > q.limit ? cursorOf(messages.at(-1)!) : null };
}
