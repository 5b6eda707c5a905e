import type { JourneyDetail, JourneyListAnswer, JourneyMessagesAnswer, JourneyRunView, JourneyStats, JourneyValidation } from '@trailmap/core';
import {
  createJourneyFrom,
  journeyMessagesPage,
  journeyRunsOf,
  journeyStatsOf,
  listJourneysAnswer,
  moveJourney,
  publishJourneyDraft,
  showJourney,
  updateJourneyFrom,
  validateJourney,
  type JourneyMove,
} from '@trailmap/server';
import type { StateStore } from '@trailmap/state';

/** Why the state store or the server did nothing: the API's status, code, message and field. */
export interface Refusal {
  refused: true;
  status: number;
  code: string;
  message: string;
  field?: string;
}
export type Answer<T> = T | Refusal;
export const isRefusal = <T extends object>(a: Answer<T>): a is Refusal => 'refused' in a && (a as Refusal).refused === true;

export interface RunsQuery {
  status?: JourneyRunView['status'] | undefined;
  limit: number;
}
export interface MessagesQuery {
  journeyId?: string | undefined;
  personId?: string | undefined;
  status?: string | undefined;
  channel?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Where `trailmap journeys` reaches the journeys: the state store directly, or a server's /v1/journeys. */
export interface JourneysBackend {
  list(): Promise<Answer<JourneyListAnswer>>;
  show(id: string): Promise<Answer<JourneyDetail>>;
  validate(raw: unknown): Promise<Answer<JourneyValidation>>;
  create(raw: unknown): Promise<Answer<JourneyDetail>>;
  update(id: string, raw: unknown): Promise<Answer<JourneyDetail>>;
  publish(id: string): Promise<Answer<JourneyDetail>>;
  move(id: string, move: JourneyMove): Promise<Answer<JourneyDetail>>;
  stats(id: string, version: number | undefined): Promise<Answer<JourneyStats>>;
  runs(id: string, q: RunsQuery): Promise<Answer<{ runs: JourneyRunView[] }>>;
  messages(q: MessagesQuery): Promise<Answer<JourneyMessagesAnswer>>;
  close(): Promise<void>;
}

/**
 * The state store of the data directory, opened on first use (validate needs none), through the
 * server's own journey operations: same checks, status rules and audit lines (actor cli).
 */
export function stateBackend(open: () => Promise<StateStore>): JourneysBackend {
  let opened: Promise<StateStore> | null = null;
  const state = () => (opened ??= open());
  const by = { actor: 'cli' };
  return {
    list: async () => listJourneysAnswer(await state()),
    show: async (id) => showJourney(await state(), id),
    validate: async (raw) => validateJourney(raw).validation,
    create: async (raw) => createJourneyFrom(await state(), raw, by, Date.now()),
    update: async (id, raw) => updateJourneyFrom(await state(), id, raw, by, Date.now()),
    publish: async (id) => publishJourneyDraft(await state(), id, by, Date.now()),
    move: async (id, m) => moveJourney(await state(), id, m, by, Date.now()),
    stats: async (id, version) => journeyStatsOf(await state(), id, version),
    runs: async (id, q) => journeyRunsOf(await state(), id, q),
    messages: async (q) => journeyMessagesPage(await state(), q),
    async close() {
      if (opened) await (await opened.catch(() => null))?.close();
    },
  };
}

const query = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** A running server's /v1/journeys and /v1/messages with a key (Bearer); an answer ≥ 400 is a refusal with the API's message. */
export function serverBackend(serverUrl: string, key: string, timeoutMs = 60_000): JourneysBackend {
  const base = serverUrl.replace(/\/+$/, '');
  async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<Answer<T>> {
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`could not reach the server ${base} (${cause?.code ?? cause?.message ?? (e as Error).message}); is \`trailmap start\` running there?`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`the server ${base} answered ${method} ${path} with ${res.status} and no JSON: ${text.slice(0, 200)}`);
    }
    if (res.ok) return json as T;
    const err = (json as { error?: { code?: string; message?: string; field?: string } }).error;
    return { refused: true, status: res.status, code: err?.code ?? 'error', message: err?.message ?? text.slice(0, 300), ...(err?.field ? { field: err.field } : {}) };
  }
  const one = (id: string) => `/v1/journeys/${encodeURIComponent(id)}`;
  return {
    list: () => call('GET', '/v1/journeys'),
    show: (id) => call('GET', one(id)),
    validate: (raw) => call('POST', '/v1/journeys/validate', raw),
    create: (raw) => call('POST', '/v1/journeys', raw),
    update: (id, raw) => call('PUT', one(id), raw),
    publish: (id) => call('POST', `${one(id)}/publish`, {}),
    move: (id, m) => call('POST', `${one(id)}/${m}`, {}),
    stats: (id, version) => call('GET', `${one(id)}/stats${query({ version })}`),
    runs: (id, q) => call('GET', `${one(id)}/runs${query({ status: q.status, limit: q.limit })}`),
    messages: (q) => call('GET', `/v1/messages${query({ journeyId: q.journeyId, personId: q.personId, status: q.status, channel: q.channel, limit: q.limit, cursor: q.cursor })}`),
    close: async () => undefined,
  };
}
