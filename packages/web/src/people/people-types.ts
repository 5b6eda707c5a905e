/** Answers of `GET /v1/people` and `GET /v1/profiles/:id` (docs/api.md); the people list's from core. */
export type { PeopleAnswer, PersonSummary } from '@trailmap/core';
import type { PersonConsent, PersonScores, PersonSegment, ProfileComputedTraits } from '@trailmap/core';

export interface Profile {
  id: string;
  identities: Array<{ type: 'userId' | 'anonymousId'; id: string; firstSeen: string }>;
  traits: Record<string, unknown>;
  traitHistory: Record<string, Array<{ value: unknown; at: string; messageId: string }>>;
  /** The categories as last sent, and (from this server) the effective consent per purpose with its history (core's PersonConsent). */
  consent: { categories: Record<string, boolean>; updatedAt: string | null } & Partial<Omit<PersonConsent, 'personId'>>;
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
  timeline: Array<{ timestamp: string; type: string; event: string | null; touchpoint: string; channel: string; stage: string; messageId: string; properties: unknown }>;
  /** The saved segments the person is in now (absent when the server has no state store). */
  segments?: PersonSegment[];
  /** Every saved computed trait's value for the person, computed when the profile was read. */
  computedTraits?: ProfileComputedTraits;
  /** The model scores of the latest complete scoring run; null before a run scored the person (absent from an older server). */
  scores?: PersonScores | null;
}

/**
 * The page's state in the URL: `/people?q=…&persona=…&trait.plan=pro&cols=plan,city&person=…&limit=…`
 * (the filters are the API's own parameters).
 */
export interface PeopleQuery {
  q: string;
  persona: string | null;
  traits: Array<{ name: string; value: string }>;
  columns: string[];
  person: string | null;
  limit: number;
}

export const PAGE_SIZE = 25;
export const MAX_LIMIT = 200;
export const MAX_FILTERS = 10;
export const MAX_COLUMNS = 10;

export function readPeopleQuery(p: URLSearchParams): PeopleQuery {
  const n = Number(p.get('limit'));
  const limit = Number.isInteger(n) && n >= PAGE_SIZE ? Math.min(MAX_LIMIT, n) : PAGE_SIZE;
  const traits: PeopleQuery['traits'] = [];
  for (const [k, v] of p) if (k.startsWith('trait.') && k.length > 6 && traits.length < MAX_FILTERS) traits.push({ name: k.slice(6), value: v });
  const columns = [...new Set((p.get('cols') ?? '').split(',').map((c) => c.trim()).filter((c) => c !== ''))].slice(0, MAX_COLUMNS);
  return { q: (p.get('q') ?? '').trim(), persona: p.get('persona') || null, traits, columns, person: p.get('person') || null, limit };
}

export function writePeopleQuery(q: PeopleQuery, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const k of [...next.keys()]) if (k.startsWith('trait.')) next.delete(k);
  for (const f of q.traits) next.append(`trait.${f.name}`, f.value);
  for (const [k, v] of [['q', q.q], ['persona', q.persona ?? ''], ['cols', q.columns.join(',')], ['person', q.person ?? ''], ['limit', q.limit > PAGE_SIZE ? String(q.limit) : '']] as const) {
    if (v) next.set(k, v);
    else next.delete(k);
  }
  return next;
}

/** The API query for the list (and, with `format=csv`, its export of every match). */
export function peopleApiQuery(q: PeopleQuery, extra: Record<string, string> = {}): URLSearchParams {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.persona) p.set('persona', q.persona);
  for (const f of q.traits) p.append(`trait.${f.name}`, f.value);
  if (q.columns.length) p.set('columns', q.columns.join(','));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p;
}

/** An id with break opportunities after its separators only (`user:`, `-`, `_`, `.`, `@`), so it never breaks mid-word. */
export const idParts = (id: string): string[] => id.split(/(?<=[:\-_.@/])/);
