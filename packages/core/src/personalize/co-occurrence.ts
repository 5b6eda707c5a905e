/**
 * Item-to-item co-occurrence, "people who viewed or bought X also bought Y": for each ordered
 * pair (X, Y), X ≠ Y, the number of people who interacted with X (viewed or bought it) and bought
 * Y. Normalised by cooccurrenceCosine between X's interaction column and Y's purchase column of the
 * person × item matrix (binary): cos(X, Y) = both(X, Y) / √(interacted(X) · bought(Y))
 * (item-based CF as in Sarwar et al. 2001, Linden, Smith & York 2003).
 */
export interface CoOccurrence {
  /** People who viewed or bought each item. */
  interacted: Map<string, number>;
  /** People who bought each item. */
  bought: Map<string, number>;
  /** both.get(x).get(y): people who interacted with x and bought y (y = x included). */
  both: Map<string, Map<string, number>>;
}

/** One person's items: everything viewed or bought, and what was bought. */
export interface PersonItems {
  interacted: ReadonlySet<string>;
  bought: ReadonlySet<string>;
}

export function coOccurrence(people: Iterable<PersonItems>): CoOccurrence {
  const interacted = new Map<string, number>();
  const bought = new Map<string, number>();
  const both = new Map<string, Map<string, number>>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const p of people) {
    for (const x of p.interacted) inc(interacted, x);
    for (const y of p.bought) inc(bought, y);
    for (const x of p.interacted) {
      let row = both.get(x);
      for (const y of p.bought) {
        if (!row) both.set(x, (row = new Map()));
        inc(row, y);
      }
    }
  }
  return { interacted, bought, both };
}

/** cos(x, y) as above; 0 when nobody did both. */
export function cooccurrenceCosine(co: CoOccurrence, x: string, y: string): number {
  const n = co.both.get(x)?.get(y) ?? 0;
  if (n === 0) return 0;
  return n / Math.sqrt((co.interacted.get(x) ?? 0) * (co.bought.get(y) ?? 0));
}
