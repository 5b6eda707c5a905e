import { coOccurrence, cooccurrenceCosine, type CoOccurrence } from './co-occurrence.js';
import { recencyDecay, type Interaction } from './interaction.js';

export interface RecencyWeights {
  halfLifeDays: number;
  viewWeight: number;
  purchaseWeight: number;
}

/**
 * A person's weight on each item at `now`: Σ over their interactions with it of
 * kindWeight × 2^(−age / half-life), kindWeight = viewWeight for a view, purchaseWeight for a
 * purchase. Interactions after `now` are left out (the evaluation scores at the held-out time).
 */
export function historyWeights(history: readonly Interaction[], now: number, w: RecencyWeights): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of history) {
    if (r.at >= now) continue;
    const kw = r.kind === 'purchase' ? w.purchaseWeight : w.viewWeight;
    out.set(r.itemId, (out.get(r.itemId) ?? 0) + kw * recencyDecay(now - r.at, w.halfLifeDays));
  }
  return out;
}

export interface CfScore {
  item: string;
  score: number;
  /** The history item that contributed most, and how many people interacted with it and bought this item. */
  because: string;
  people: number;
}

/**
 * Recency-weighted item-based collaborative filtering: score(y) = Σ_{x in history}
 * weight(x) · cos(x, y) (x = y included, see co-occurrence.ts). Only items with a positive
 * score, best first (ties by item id).
 */
export function collaborativeScores(weights: ReadonlyMap<string, number>, co: CoOccurrence): CfScore[] {
  const acc = new Map<string, { score: number; best: number; because: string }>();
  for (const [x, wx] of weights) {
    const row = co.both.get(x);
    if (!row || wx <= 0) continue;
    for (const y of row.keys()) {
      const part = wx * cooccurrenceCosine(co, x, y);
      if (part <= 0) continue;
      const cur = acc.get(y);
      if (!cur) acc.set(y, { score: part, best: part, because: x });
      else {
        cur.score += part;
        if (part > cur.best || (part === cur.best && x < cur.because)) {
          cur.best = part;
          cur.because = x;
        }
      }
    }
  }
  return [...acc].map(([item, a]) => ({ item, score: a.score, because: a.because, people: co.both.get(a.because)?.get(item) ?? 0 })).sort(byScoreThenId);
}

export const byScoreThenId = (a: { item: string; score: number }, b: { item: string; score: number }) => b.score - a.score || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0);

/** The items each person viewed or bought, and bought, from the interactions of the people whose history may be used. */
export function coOccurrenceOf(interactions: readonly Interaction[]): CoOccurrence {
  const people = new Map<string, { interacted: Set<string>; bought: Set<string> }>();
  for (const r of interactions) {
    if (!r.personalisable) continue;
    let p = people.get(r.personId);
    if (!p) people.set(r.personId, (p = { interacted: new Set(), bought: new Set() }));
    p.interacted.add(r.itemId);
    if (r.kind === 'purchase') p.bought.add(r.itemId);
  }
  return coOccurrence(people.values());
}
