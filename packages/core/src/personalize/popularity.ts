import { recencyDecay, PERSONALIZE_DAY_MS, type Interaction } from './interaction.js';

export interface PopularItem {
  item: string;
  /** Σ over purchases (order lines) of 2^(−age / half-life) at `now`. */
  score: number;
  /** Purchases in the 7 days before `now`, and in all (the reason's numbers). */
  lastWeek: number;
  total: number;
}

/**
 * Recency-weighted popularity at `now` over every purchase the analyses may read (an aggregate,
 * so also of people who refused personalisation): purchases after `now` are left out. Best first.
 */
export function recencyPopularity(interactions: readonly Interaction[], now: number, halfLifeDays: number): PopularItem[] {
  const acc = new Map<string, PopularItem>();
  for (const r of interactions) {
    if (r.kind !== 'purchase' || r.at > now) continue;
    let p = acc.get(r.itemId);
    if (!p) acc.set(r.itemId, (p = { item: r.itemId, score: 0, lastWeek: 0, total: 0 }));
    p.score += recencyDecay(now - r.at, halfLifeDays);
    p.total++;
    if (now - r.at <= 7 * PERSONALIZE_DAY_MS) p.lastWeek++;
  }
  return [...acc.values()].sort((a, b) => b.score - a.score || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
}

/** The reason popularity gives for an item. */
export function popularityReason(p: PopularItem): string {
  return p.lastWeek > 0 ? `popular this week: bought ${p.lastWeek} time${p.lastWeek === 1 ? '' : 's'} in the last 7 days` : `popular: bought ${p.total} time${p.total === 1 ? '' : 's'} in all`;
}
