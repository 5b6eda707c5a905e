import type { PersonConsent, PersonContext } from '@trailmap/core';
import type { PersonContextSource } from './person-context-source.js';

/**
 * The context source of a `trailmap worker` process: it asks the server that owns the warehouse
 * (POST /v1/journeys/context, an admin key), one request per person per step, and keeps the
 * consent of that answer for the send that follows within a few seconds.
 */
export function httpContextSource(serverUrl: string, key: string, fetchTimeoutMs = 10_000): PersonContextSource {
  const base = serverUrl.replace(/\/+$/, '');
  const recent = new Map<string, { at: number; consent: PersonConsent | null }>();
  const ask = async (personId: string, needs: unknown): Promise<{ context: PersonContext; consent: PersonConsent | null }> => {
    const res = await fetch(`${base}/v1/journeys/context`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ personId, needs }),
      signal: AbortSignal.timeout(fetchTimeoutMs),
    });
    if (!res.ok) throw new Error(`the server ${base} answered ${res.status} for a person's journey context: ${(await res.text()).slice(0, 300)}`);
    const body = (await res.json()) as { context: PersonContext; consent: PersonConsent | null };
    recent.set(personId, { at: Date.now(), consent: body.consent });
    if (recent.size > 10_000) recent.delete(recent.keys().next().value!);
    return body;
  };
  return {
    async context(personId, needs) {
      return (await ask(personId, needs)).context;
    },
    async consent(personId) {
      const r = recent.get(personId);
      // Consent is checked just before each send: an answer older than 5 s is asked again.
      if (r && Date.now() - r.at < 5000) return r.consent;
      return (await ask(personId, { eventCounts: [], computedTraits: [] })).consent;
    },
  };
}
