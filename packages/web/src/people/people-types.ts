/** Answers of `GET /v1/people` and `GET /v1/profiles/:id` (docs/api.md). */
export interface PersonSummary {
  personId: string;
  /** `user:…` and `anon:…`, userIds first. */
  identities: string[];
  email: string | null;
  name: string | null;
  events: number;
  firstSeen: string;
  lastSeen: string;
}

export interface Profile {
  id: string;
  identities: Array<{ type: 'userId' | 'anonymousId'; id: string; firstSeen: string }>;
  traits: Record<string, unknown>;
  traitHistory: Record<string, Array<{ value: unknown; at: string; messageId: string }>>;
  consent: { categories: Record<string, boolean>; updatedAt: string | null };
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
  timeline: Array<{ timestamp: string; type: string; event: string | null; touchpoint: string; channel: string; stage: string; messageId: string; properties: unknown }>;
}

/** The page's state in the URL: `/people?q=…&person=…&limit=…`. */
export interface PeopleQuery {
  q: string;
  person: string | null;
  limit: number;
}

export const PAGE_SIZE = 25;
export const MAX_LIMIT = 200;

export function readPeopleQuery(p: URLSearchParams): PeopleQuery {
  const n = Number(p.get('limit'));
  const limit = Number.isInteger(n) && n >= PAGE_SIZE ? Math.min(MAX_LIMIT, n) : PAGE_SIZE;
  return { q: (p.get('q') ?? '').trim(), person: p.get('person') || null, limit };
}

export function writePeopleQuery(q: PeopleQuery, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const [k, v] of [['q', q.q], ['person', q.person ?? ''], ['limit', q.limit > PAGE_SIZE ? String(q.limit) : '']] as const) {
    if (v) next.set(k, v);
    else next.delete(k);
  }
  return next;
}
