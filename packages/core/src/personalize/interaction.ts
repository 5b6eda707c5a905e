import type { CatalogueEntry } from './personalize-config.schema.js';

export type InteractionKind = 'view' | 'purchase';

/** One product a person viewed, or one line of an order they completed (warehouse/src/personalize reads them). */
export interface Interaction {
  personId: string;
  itemId: string;
  kind: InteractionKind;
  /** Milliseconds since the epoch. */
  at: number;
  /** The event that carried it: for a purchase, the order (one Order Completed event). */
  eventId: string;
  /** Whether the person's personalisation consent is granted: only then does their history shape anyone's recommendations. */
  personalisable: boolean;
  name: string | null;
  category: string | null;
  price: number | null;
}

/** What is known about an item: from its latest interaction, overridden by the config catalogue. */
export interface ItemInfo {
  id: string;
  name: string;
  category: string | null;
  price: number | null;
  stock: number | null;
  margin: number | null;
}

export const PERSONALIZE_DAY_MS = 86_400_000;

/** Exponential recencyDecay: 1 now, ½ after one half-life; an interaction later than `now` weighs 1. */
export const recencyDecay = (ageMs: number, halfLifeDays: number): number => Math.pow(2, -Math.max(0, ageMs) / (halfLifeDays * PERSONALIZE_DAY_MS));

/** Interactions in one canonical order (person, time, kind, item, event): every engine's rows compare equal after it. */
export function sortInteractions<T extends Interaction>(rows: T[]): T[] {
  const c = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => c(a.personId, b.personId) || a.at - b.at || c(a.kind, b.kind) || c(a.itemId, b.itemId) || c(a.eventId, b.eventId));
}

/** Every item seen, with its latest name, category and price (by time), then the catalogue's overrides and stock/margin. */
export function itemCatalogue(interactions: readonly Interaction[], catalogue: Readonly<Record<string, CatalogueEntry>> = {}): Map<string, ItemInfo> {
  const latest = new Map<string, { at: number; name: string | null; category: string | null; price: number | null }>();
  for (const r of interactions) {
    const cur = latest.get(r.itemId);
    if (!cur) latest.set(r.itemId, { at: r.at, name: r.name, category: r.category, price: r.price });
    else if (r.at >= cur.at) {
      cur.at = r.at;
      cur.name = r.name ?? cur.name;
      cur.category = r.category ?? cur.category;
      cur.price = r.price ?? cur.price;
    }
  }
  const out = new Map<string, ItemInfo>();
  const ids = new Set([...latest.keys(), ...Object.keys(catalogue)]);
  for (const id of [...ids].sort()) {
    const seen = latest.get(id);
    const over = catalogue[id] ?? {};
    out.set(id, {
      id,
      name: over.name ?? seen?.name ?? id,
      category: over.category ?? seen?.category ?? null,
      price: over.price ?? seen?.price ?? null,
      stock: over.stock ?? null,
      margin: over.margin ?? null,
    });
  }
  return out;
}
