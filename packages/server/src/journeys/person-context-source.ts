import { validTimeZone, type ContextNeeds, type PersonConsent, type PersonContext } from '@trailmap/core';
import { listComputedTraits, personSegments, type StateStore } from '@trailmap/state';
import { personComputedTraits, personJourneyFacts, type EventStore } from '@trailmap/warehouse';

/** Where the journey worker and sender learn about a person (the warehouse and the state store, or a server over HTTP). */
export interface PersonContextSource {
  context(personId: string, needs: ContextNeeds, now: number): Promise<PersonContext>;
  consent(personId: string): Promise<PersonConsent | null>;
}

const localeOf = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v.toLowerCase().split(/[-_]/)[0]! : null);

/** A person the warehouse does not know yet (their events not loaded): no traits, the project's time zone. */
export const unknownPerson = (personId: string, timeZone: string): PersonContext => ({
  personId,
  userId: null,
  anonymousId: null,
  traits: {},
  computed: {},
  segments: [],
  timeZone,
  locale: 'en',
  eventCounts: {},
});

/**
 * The in-process source: facts from the warehouse (traits, time zone, history counts), segments and
 * computed-trait definitions from the state store. The time zone is the `timezone` trait, else the
 * latest context.timezone, else the project's; the locale the `locale` trait, else context.locale.
 */
export function warehouseContextSource(store: EventStore, state: StateStore, projectTimeZone: string): PersonContextSource {
  return {
    async context(personId, needs, now) {
      const db = await store.readSession();
      const facts = await personJourneyFacts(db, personId, needs, now);
      if (!facts) return unknownPerson(personId, projectTimeZone);
      const computed: Record<string, unknown> = {};
      if (needs.computedTraits.length > 0) {
        const defs = (await listComputedTraits(state)).map((t) => t.definition).filter((d) => needs.computedTraits.includes(d.key));
        for (const v of await personComputedTraits(db, defs, personId, now)) computed[v.key] = v.value;
      }
      const segments = (await personSegments(state, personId)).map((s) => s.key);
      const tzTrait = facts.traits.timezone;
      const timeZone = [tzTrait, facts.timeZone].find((t): t is string => typeof t === 'string' && validTimeZone(t)) ?? projectTimeZone;
      return {
        personId,
        userId: facts.userId,
        anonymousId: facts.anonymousId,
        traits: facts.traits,
        computed,
        segments,
        timeZone,
        locale: localeOf(facts.traits.locale) ?? localeOf(facts.locale) ?? 'en',
        eventCounts: facts.eventCounts,
      };
    },
    consent: (personId) => store.consentFor(personId),
  };
}
