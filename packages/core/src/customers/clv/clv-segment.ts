import type { ClvPerson } from './clv.schema.js';

/** CLV over the members of one saved segment (the model is fitted on every customer; this sums its members). */
export interface ClvSegmentSummary {
  key: string;
  /** Members of the segment now. */
  members: number;
  /** Members who are customers (a purchase up to the as-of day); the others have no CLV. */
  customers: number;
  expectedPurchases: number;
  clv: number;
  /** Mean CLV and P(alive) over the member customers (null without any). */
  meanClv: number | null;
  meanPAlive: number | null;
  /** The segment's share of every customer's CLV (null when the total is 0). */
  shareOfClv: number | null;
}

/** Sums the per-person CLV of the segment's members (pure; `people` from a CLV run with `people: true`). */
export function clvSegmentSummary(key: string, people: readonly ClvPerson[], members: ReadonlySet<string>, totalClv: number): ClvSegmentSummary {
  const inside = people.filter((p) => members.has(p.personId));
  const clv = inside.reduce((s, p) => s + p.clv, 0);
  return {
    key,
    members: members.size,
    customers: inside.length,
    expectedPurchases: inside.reduce((s, p) => s + p.expectedPurchases, 0),
    clv,
    meanClv: inside.length ? clv / inside.length : null,
    meanPAlive: inside.length ? inside.reduce((s, p) => s + p.pAlive, 0) / inside.length : null,
    shareOfClv: totalClv > 0 ? clv / totalClv : null,
  };
}
