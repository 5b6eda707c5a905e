import type { Interaction } from './interaction.js';
import { placementRulesSchema, type PersonalizeConfig, type PlacementRules } from './personalize-config.schema.js';
import { fitPersonalizeModel } from './personalize-model.js';
import { rankItems } from './recommend.js';

export interface RankingMetrics {
  /** Mean over people of |top k ∩ held-out items| / k. */
  precision: number;
  /** Mean over people of |top k ∩ held-out items| / |held-out items|. */
  recall: number;
  /** Share of people with at least one held-out item in their top k. */
  hitRate: number;
}

/** `trailmap recommend --evaluate`: the recommender against the popularity baseline, on the same split. */
export interface RecommenderEvaluation {
  k: number;
  /** People with a personalisation consent and ≥ 2 purchases (orders): each evaluated once. */
  peopleEvaluated: number;
  /** People with ≥ 2 purchases left out because their personalisation consent is refused (they are never personalised). */
  skippedNoConsent: number;
  /** Held-out order lines in all (the recall denominators' sum). */
  heldOutItems: number;
  /** The evaluated person's interactions this many days before their held-out order were held out too. */
  gapDays: number;
  protocol: string;
  recommender: RankingMetrics;
  popularity: RankingMetrics;
  settings: { halfLifeDays: number; popularityHalfLifeDays: number; viewWeight: number; purchaseWeight: number; rules: PlacementRules };
}

export const EVALUATION_PROTOCOL =
  "For every person whose personalisation consent is granted and who completed ≥ 2 orders: their last order (by time; all its products) is held out, and so is everything they did at or after that order's time (and, with a gap of D days, in the D days before it). Both models are fitted once on what remains (everyone else's interactions in full, and the evaluated people's interactions before their held-out order), and rank k items for each person at the held-out order's time with the same rules (by default: already-purchased items excluded). A hit is a ranked item among the held-out order's products.";

interface Order {
  eventId: string;
  at: number;
  items: Set<string>;
}

/** Each person's orders (purchase interactions grouped by event), oldest first (ties by event id). */
function ordersByPerson(interactions: readonly Interaction[]): Map<string, Order[]> {
  const byEvent = new Map<string, Order & { personId: string }>();
  for (const r of interactions) {
    if (r.kind !== 'purchase') continue;
    const key = `${r.personId}\u0000${r.eventId}`;
    let o = byEvent.get(key);
    if (!o) byEvent.set(key, (o = { personId: r.personId, eventId: r.eventId, at: r.at, items: new Set() }));
    o.items.add(r.itemId);
    o.at = Math.min(o.at, r.at);
  }
  const out = new Map<string, Order[]>();
  for (const o of byEvent.values()) {
    let list = out.get(o.personId);
    if (!list) out.set(o.personId, (list = []));
    list.push(o);
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
  return out;
}

export interface EvaluationOptions {
  /** Items ranked per person (default 10). */
  k?: number;
  /** The rules both rankings apply (default: the placement defaults, already-purchased items excluded). */
  rules?: PlacementRules;
  /** Also hold out the evaluated person's interactions this many days before the held-out order (default 0: everything before it is known), e.g. 1 to leave out the shopping session that led to it. */
  gapDays?: number;
}

/** Leave-last-order-out evaluation of precision@k and recall@k, recommender vs popularity (EVALUATION_PROTOCOL). */
export function evaluateRecommender(interactions: readonly Interaction[], config: Pick<PersonalizeConfig, 'model' | 'catalogue'>, opts: EvaluationOptions = {}): RecommenderEvaluation {
  const k = opts.k ?? 10;
  const gapMs = (opts.gapDays ?? 0) * 86_400_000;
  const rules = opts.rules ?? placementRulesSchema.parse({});
  const heldOut = new Map<string, Order>();
  let skipped = 0;
  const personalisable = new Map(interactions.map((r) => [r.personId, r.personalisable]));
  for (const [personId, orders] of ordersByPerson(interactions)) {
    if (orders.length < 2) continue;
    if (!personalisable.get(personId)) {
      skipped++;
      continue;
    }
    heldOut.set(personId, orders[orders.length - 1]!);
  }
  const training = interactions.filter((r) => {
    const h = heldOut.get(r.personId);
    return h === undefined || r.at < h.at - gapMs;
  });
  const model = fitPersonalizeModel(training, config);
  const sums = { rec: { p: 0, r: 0, hit: 0 }, pop: { p: 0, r: 0, hit: 0 } };
  let items = 0;
  const consent = { granted: true, basis: 'explicit' } as const;
  for (const [personId, order] of [...heldOut].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    items += order.items.size;
    for (const [key, popularityOnly] of [['rec', false], ['pop', true]] as const) {
      const top = rankItems(model, personId, order.at, rules, k, consent, popularityOnly).list;
      const hits = top.filter((x) => order.items.has(x.id)).length;
      sums[key].p += hits / k;
      sums[key].r += hits / order.items.size;
      sums[key].hit += hits > 0 ? 1 : 0;
    }
  }
  const n = heldOut.size;
  const metrics = (s: { p: number; r: number; hit: number }): RankingMetrics => ({ precision: n ? s.p / n : 0, recall: n ? s.r / n : 0, hitRate: n ? s.hit / n : 0 });
  const m = config.model;
  return {
    k,
    peopleEvaluated: n,
    skippedNoConsent: skipped,
    heldOutItems: items,
    gapDays: opts.gapDays ?? 0,
    protocol: EVALUATION_PROTOCOL,
    recommender: metrics(sums.rec),
    popularity: metrics(sums.pop),
    settings: { halfLifeDays: m.halfLifeDays, popularityHalfLifeDays: m.popularityHalfLifeDays, viewWeight: m.viewWeight, purchaseWeight: m.purchaseWeight, rules },
  };
}
