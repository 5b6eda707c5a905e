import { coOccurrenceOf } from './collaborative.js';
import type { CoOccurrence } from './co-occurrence.js';
import { itemCatalogue, type Interaction, type ItemInfo } from './interaction.js';
import { recencyPopularity, type PopularItem } from './popularity.js';
import type { PersonalizeConfig, PersonalizeModelSettings } from './personalize-config.schema.js';

/** Everything a recommendation needs, fitted once per data version (the server keeps it while the data is unchanged). */
export interface PersonalizeModel {
  settings: PersonalizeModelSettings;
  /** When popularity is weighed (ms): the fit's `now`, else the latest interaction; null without either. */
  fittedAt: number | null;
  items: Map<string, ItemInfo>;
  co: CoOccurrence;
  popular: PopularItem[];
  /** Each item's share of the popularity score (offers' and content's population share). */
  popularShare: Map<string, number>;
  /** The interactions of people whose personalisation consent is granted, by person, oldest first. */
  histories: Map<string, Interaction[]>;
  /** People counted in the co-occurrence. */
  people: number;
}

/** Fit the co-occurrence, popularity and item catalogue on interactions (any order); `now` defaults to the latest interaction. */
export function fitPersonalizeModel(interactions: readonly Interaction[], config: Pick<PersonalizeConfig, 'model' | 'catalogue'>, now?: number): PersonalizeModel {
  let latest: number | null = null;
  const histories = new Map<string, Interaction[]>();
  for (const r of interactions) {
    if (latest === null || r.at > latest) latest = r.at;
    if (!r.personalisable) continue;
    let h = histories.get(r.personId);
    if (!h) histories.set(r.personId, (h = []));
    h.push(r);
  }
  for (const h of histories.values()) h.sort((a, b) => a.at - b.at);
  const at = now ?? latest ?? 0;
  const popular = recencyPopularity(interactions, at, config.model.popularityHalfLifeDays);
  const total = popular.reduce((s, p) => s + p.score, 0);
  const popularShare = new Map(popular.map((p) => [p.item, total > 0 ? p.score / total : 0]));
  return {
    settings: config.model,
    fittedAt: now ?? latest,
    items: itemCatalogue(interactions, config.catalogue),
    co: coOccurrenceOf(interactions),
    popular,
    popularShare,
    histories,
    people: histories.size,
  };
}
