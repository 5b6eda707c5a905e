import { ruleRefusal, withMargin } from './business-rules.js';
import { affinityLift } from './affinity.js';
import { byScoreThenId, collaborativeScores, historyWeights } from './collaborative.js';
import type { ItemInfo } from './interaction.js';
import type { PersonalizeAnswer, PersonalizeItem, PersonalizeStrategy } from './personalize-answer.js';
import type { ContentPiece, Offer, Placement, PlacementRules } from './personalize-config.schema.js';
import type { PersonalizeModel } from './personalize-model.js';
import { popularityReason } from './popularity.js';

/** Whether the person's own history may be used, and on what basis (their effective personalisation consent). */
export interface PersonalizationConsent {
  granted: boolean;
  basis: 'explicit' | 'default' | 'not-a-purpose';
}

export interface RecommendRequest {
  personId: string;
  placementId: string;
  placement: Placement;
  /** Overrides the placement's limit. */
  limit?: number;
  consent: PersonalizationConsent;
  /** The time recency is weighed at (ms): the request's now, or the held-out purchase's time in the evaluation. */
  now: number;
  /** The saved segments the person is in (offers' eligibility). */
  segments?: ReadonlySet<string>;
  offers?: readonly Offer[];
  content?: readonly ContentPiece[];
}

const NOT_PERSONALISED = ' (not personalised: no personalisation consent)';

interface Ranked {
  list: PersonalizeItem[];
  strategy: PersonalizeStrategy;
}

const itemFields = (info: ItemInfo | undefined, id: string) => ({ id, name: info?.name ?? id, category: info?.category ?? null, price: info?.price ?? null });

/** The person's own history weights at `now` (empty without consent: never their history then). */
function ownWeights(model: PersonalizeModel, personId: string, now: number, consent: PersonalizationConsent): Map<string, number> {
  if (!consent.granted) return new Map();
  return historyWeights(model.histories.get(personId) ?? [], now, model.settings);
}

/**
 * Ranked items: recency-weighted item-based CF on the person's history blended with popularity
 * (score = CF + popularityBlend × popularity ÷ the top popularity), then popularity to fill the
 * list (all popularity for a new person, or one without personalisation consent).
 * `popularityOnly` ranks as the baseline does (the evaluation's comparison).
 */
export function rankItems(model: PersonalizeModel, personId: string, now: number, rules: PlacementRules, limit: number, consent: PersonalizationConsent, popularityOnly = false): Ranked {
  const history = consent.granted ? (model.histories.get(personId) ?? []).filter((r) => r.at < now) : [];
  const purchased = new Set(history.filter((r) => r.kind === 'purchase').map((r) => r.itemId));
  const viewedOnly = (id: string) => !purchased.has(id);
  const out: PersonalizeItem[] = [];
  const taken = new Set<string>();
  if (!popularityOnly && history.length > 0) {
    // score = CF + popularityBlend × popularity / the top popularity (both in a recent view's weight units).
    const beta = model.settings.popularityBlend;
    const top = model.popular[0]?.score ?? 0;
    const popOf = new Map(model.popular.map((p) => [p.item, p]));
    const prior = (id: string) => (beta > 0 && top > 0 ? (beta * (popOf.get(id)?.score ?? 0)) / top : 0);
    const cf = new Map(collaborativeScores(historyWeights(history, now, model.settings), model.co).map((s) => [s.item, s]));
    const ids = beta > 0 ? new Set([...cf.keys(), ...popOf.keys()]) : cf.keys();
    const ranked = [...ids]
      .filter((id) => ruleRefusal(model.items.get(id), rules, purchased, id) === null)
      .map((id) => ({ item: id, cf: cf.get(id), prior: prior(id), score: withMargin((cf.get(id)?.score ?? 0) + prior(id), model.items.get(id), rules) }))
      .sort(byScoreThenId);
    for (const r of ranked.slice(0, limit)) {
      const s = r.cf;
      const p = popOf.get(r.item);
      let reason: string;
      if (s && s.score >= r.prior) {
        const because = model.items.get(s.because)?.name ?? s.because;
        const people = `${s.people} ${s.people === 1 ? 'person' : 'people'}`;
        reason = s.because === s.item
          ? `you viewed it; ${s.people} of the ${model.co.interacted.get(s.item) ?? 0} people who viewed or bought it bought it`
          : `${people} who viewed or bought ${because} also bought it (you ${viewedOnly(s.because) ? 'viewed' : 'bought'} ${because})`;
      } else reason = p ? popularityReason(p) : 'popular';
      out.push({ ...itemFields(model.items.get(r.item), r.item), score: r.score, reason, source: s && s.score >= r.prior ? 'collaborative' : 'popularity' });
      taken.add(r.item);
    }
  }
  const strategy: PersonalizeStrategy = out.some((x) => x.source === 'collaborative') ? 'collaborative' : 'popularity';
  if (out.length < limit) {
    const pop = model.popular
      .filter((p) => !taken.has(p.item) && ruleRefusal(model.items.get(p.item), rules, purchased, p.item) === null)
      .map((p) => ({ ...p, score: withMargin(p.score, model.items.get(p.item), rules) }))
      .sort(byScoreThenId);
    for (const p of pop.slice(0, limit - out.length)) {
      out.push({ ...itemFields(model.items.get(p.item), p.item), score: p.score, reason: popularityReason(p) + (consent.granted ? '' : NOT_PERSONALISED), source: 'popularity' });
    }
  }
  return { list: out, strategy };
}

/** Does an offer or content piece concern this item (its items, else its category; neither: everything)? */
const targetOf = (model: PersonalizeModel, t: { category?: string | undefined; items?: readonly string[] | undefined }) => {
  if (t.items) {
    const set = new Set(t.items);
    return (id: string) => set.has(id);
  }
  if (t.category !== undefined) return (id: string) => model.items.get(id)?.category === t.category;
  return null;
};

/** The population's share of (recency-weighted) purchases on a target; the item share when nothing was bought. */
function populationShare(model: PersonalizeModel, target: (id: string) => boolean): number {
  let s = 0;
  for (const [id, share] of model.popularShare) if (target(id)) s += share;
  if (model.popularShare.size > 0) return s;
  const ids = [...model.items.keys()];
  return ids.length ? ids.filter(target).length / ids.length : 0;
}

/**
 * Next best action: every eligible offer by expected value = P(accept | person) × value, with
 * P = min(1, baseRate × affinity lift of the person to the offer's items or category).
 */
export function rankOffers(model: PersonalizeModel, req: RecommendRequest, limit: number): Ranked {
  const weights = ownWeights(model, req.personId, req.now, req.consent);
  const scored: PersonalizeItem[] = [];
  for (const o of req.offers ?? []) {
    if (o.eligible && !req.segments?.has(o.eligible.segment)) continue;
    const target = targetOf(model, o);
    const lift = target && weights.size > 0 ? affinityLift(weights, target, populationShare(model, target)) : 1;
    const p = Math.min(1, o.baseRate * lift);
    const ev = p * o.value;
    const about = o.category ?? (o.items ? `${o.items.length} item${o.items.length === 1 ? '' : 's'}` : null);
    const why = lift !== 1 && about !== null ? `; ${lift.toFixed(2)}× the average interest in ${about}` : '';
    scored.push({
      id: o.id, name: o.name, category: o.category ?? null, price: null, score: ev, probability: p, value: o.value, source: 'offer',
      reason: `offer: expected value ${ev.toFixed(2)} = P(accept) ${p.toFixed(3)} × value ${o.value.toFixed(2)}${why}${req.consent.granted ? '' : NOT_PERSONALISED}`,
    });
  }
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { list: scored.slice(0, limit), strategy: 'next-best-action' };
}

/** Content pieces (the configured ones, else one per item category) by the person's affinity lift, else by popularity share. */
export function rankContent(model: PersonalizeModel, req: RecommendRequest, limit: number): Ranked {
  const weights = ownWeights(model, req.personId, req.now, req.consent);
  const categories = [...new Set([...model.items.values()].map((i) => i.category).filter((c): c is string => c !== null))].sort();
  const pieces: readonly ContentPiece[] = req.content?.length ? req.content : categories.map((c) => ({ id: `category:${c}`, name: c, category: c }));
  const personal = weights.size > 0;
  const scored = pieces.map((c): PersonalizeItem => {
    const target = targetOf(model, c) ?? (() => true);
    const share = populationShare(model, target);
    const label = c.category ?? c.name;
    if (personal) {
      const lift = affinityLift(weights, target, share);
      return { id: c.id, name: c.name, category: c.category ?? null, price: null, score: lift, source: 'content', reason: `your interest in ${label}: ${lift.toFixed(2)}× the average` };
    }
    return { id: c.id, name: c.name, category: c.category ?? null, price: null, score: share, source: 'content', reason: `popular: ${(share * 100).toFixed(1)}% of recent purchases are ${label}${req.consent.granted ? '' : NOT_PERSONALISED}` };
  });
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { list: scored.slice(0, limit), strategy: personal ? 'affinity' : 'popularity' };
}

/** The answer of `GET /v1/personalize/:personId` for one placement. */
export function recommend(model: PersonalizeModel, req: RecommendRequest): PersonalizeAnswer {
  const limit = req.limit ?? req.placement.limit;
  const kind = req.placement.kind;
  const ranked =
    kind === 'items' ? rankItems(model, req.personId, req.now, req.placement.rules, limit, req.consent)
    : kind === 'offers' ? rankOffers(model, req, limit)
    : rankContent(model, req, limit);
  return {
    personId: req.personId,
    placement: req.placementId,
    kind,
    strategy: ranked.strategy,
    consent: { purpose: 'personalisation', granted: req.consent.granted, basis: req.consent.basis },
    items: ranked.list,
    model: { fittedAt: model.fittedAt === null ? null : new Date(model.fittedAt).toISOString(), people: model.people, items: model.items.size, halfLifeDays: model.settings.halfLifeDays },
  };
}
