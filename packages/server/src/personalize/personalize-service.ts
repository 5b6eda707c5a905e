import {
  DEFAULT_PLACEMENT, mayUse, personalizeConfigSchema, recommend,
  type PersonalizationConsent, type PersonalizeAnswer, type PersonalizeConfig, type PersonalizeItem, type PersonalizeModel,
} from '@trailmap/core';
import { personSegments, type StateStore } from '@trailmap/state';
import { fitModelFromWarehouse, type EventStore } from '@trailmap/warehouse';
import { stableKey } from '../http/result-cache.js';

export interface PersonalizeOptions {
  /** trailmap.config.json `personalize` (absent: the defaults, one placement `home` of 10 items). */
  config?: PersonalizeConfig;
  /** Where saved segments live (offers' `eligible.segment`); absent: offers with a segment condition are never eligible. */
  state?: StateStore;
  /** The time recency is weighed at (ms); default Date.now. */
  now?: () => number;
}

/** A placement the config does not define (the route answers 400 naming `placement`). */
export class UnknownPlacementError extends Error {
  constructor(readonly placement: string, readonly known: readonly string[]) {
    super(`no placement ${JSON.stringify(placement)}; the placements are ${known.map((k) => JSON.stringify(k)).join(', ')} (trailmap.config.json personalize.placements)`);
  }
}

interface Kept {
  version: number;
  key: string;
  at: number;
  model: Promise<PersonalizeModel>;
}

/** The fitted model per store, kept while its data version (loads, imports, consent changes) and the model settings are unchanged. */
const models = new WeakMap<EventStore, Kept>();
/** On a ClickHouse server other processes may write, so a kept model also expires (as the result cache's answers do). */
const SHARED_TTL_MS = 30_000;

const DEFAULT_CONFIG = personalizeConfigSchema.parse({});

/** The personalisation model of the store's current data: fitted once per data version, then reused. */
export async function personalizationModel(store: EventStore, config: PersonalizeConfig = DEFAULT_CONFIG, clock: () => number = Date.now): Promise<PersonalizeModel> {
  const db = await store.readSession();
  const version = store.dataVersion;
  const key = stableKey({ model: config.model, catalogue: config.catalogue });
  const now = clock();
  const hit = models.get(store);
  if (hit && hit.version === version && hit.key === key && !(store.shared && now - hit.at > SHARED_TTL_MS)) return hit.model;
  const kept: Kept = { version, key, at: now, model: fitModelFromWarehouse(db, config, store.consent.config, now) };
  models.set(store, kept);
  kept.model.catch(() => {
    if (models.get(store) === kept) models.delete(store);
  });
  return kept.model;
}

/** The placement a request names (default `home`, else the first configured). */
export function placementOf(config: PersonalizeConfig, id: string | undefined) {
  const known = Object.keys(config.placements);
  const chosen = id ?? (DEFAULT_PLACEMENT in config.placements ? DEFAULT_PLACEMENT : known[0]);
  const placement = chosen === undefined ? undefined : config.placements[chosen];
  if (chosen === undefined || placement === undefined) throw new UnknownPlacementError(id ?? DEFAULT_PLACEMENT, known);
  return { id: chosen, placement };
}

/**
 * The ranked list for a person and placement, or null for an unknown person (any of their ids).
 * Gated by the `personalisation` purpose: without it, popularity only, with the reason saying so
 * — never the person's own history (not even to leave out what they bought).
 */
export async function personalize(store: EventStore, personId: string, placementId: string | undefined, opts: PersonalizeOptions & { limit?: number } = {}): Promise<PersonalizeAnswer | null> {
  const config = opts.config ?? DEFAULT_CONFIG;
  const { id, placement } = placementOf(config, placementId);
  const person = await store.consentFor(personId);
  if (person === null) return null;
  const listed = store.consent.config.purposes.includes('personalisation');
  const consent: PersonalizationConsent = {
    granted: mayUse(person, 'personalisation'),
    basis: listed ? (person.purposes.personalisation?.basis ?? 'default') : 'not-a-purpose',
  };
  const needsSegments = placement.kind === 'offers' && config.offers.some((o) => o.eligible);
  const segments = needsSegments && opts.state ? new Set((await personSegments(opts.state, person.personId)).map((s) => s.key)) : undefined;
  const model = await personalizationModel(store, config, opts.now);
  return recommend(model, {
    personId: person.personId,
    placementId: id,
    placement,
    ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
    consent,
    now: (opts.now ?? Date.now)(),
    ...(segments ? { segments } : {}),
    offers: config.offers,
    content: config.content,
  });
}

/** For journey templates (`recommendations`): the ranked items of a placement for a person; empty for an unknown person. */
export async function recommendFor(store: EventStore, personId: string, placement: string = DEFAULT_PLACEMENT, opts: PersonalizeOptions = {}): Promise<PersonalizeItem[]> {
  return (await personalize(store, personId, placement, opts))?.items ?? [];
}
