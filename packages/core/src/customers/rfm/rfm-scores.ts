import type { AnalyticsEvent } from '../../analytics/shared/analytics-event.js';
import { DAY_MS, rfmRaw } from './rfm-reference.js';
import { RFM_GROUPS, type RfmCell, type RfmDefinition, type RfmGroup, type RfmGroupSummary, type RfmPerson, type RfmRaw, type RfmResult } from './rfm.schema.js';

/**
 * Quintile scores 1–5 with ties kept together: a value's score is 1 + floor(5 · L / n), where L
 * is the number of people whose value is strictly worse (smaller for frequency and monetary,
 * more days for recency). Equal values always get the same score, the one of the tie group's
 * lowest rank; so a large tie can leave a score unused (e.g. when most people bought once).
 */
export function quintileScores(values: readonly number[], higherIsBetter: boolean): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  // L = number strictly below v (or strictly above, when lower is better).
  const below = (v: number) => {
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const above = (v: number) => {
    let lo = 0, hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return n - lo;
  };
  return values.map((v) => 1 + Math.floor((5 * (higherIsBetter ? below(v) : above(v))) / n));
}

/**
 * The named groups on the (R, FM) grid, rows R = 5 → 1, columns FM = 1 → 5 (FM = ceil((F+M)/2)).
 * The common R×FM segment map, with its bottom-left corner split into hibernating (R 2) and lost (R 1).
 */
export const RFM_GRID: readonly (readonly RfmGroup[])[] = [
  /* R5 */ ['new_customers', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
  /* R4 */ ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal_customers', 'loyal_customers'],
  /* R3 */ ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal_customers', 'loyal_customers'],
  /* R2 */ ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose_them'],
  /* R1 */ ['lost', 'lost', 'at_risk', 'at_risk', 'cant_lose_them'],
];

export const rfmGroupOf = (r: number, fm: number): RfmGroup => RFM_GRID[5 - r]![fm - 1]!;

const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
const dayText = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Scores, groups, the 5×5 grid and group totals from per-person raw R/F/M. */
export function rfmFromRaw(raw: readonly RfmRaw[], def: RfmDefinition, opts: { people?: boolean } = {}): RfmResult {
  let latest: number | null = null;
  for (const x of raw) if (latest === null || x.lastMs > latest) latest = x.lastMs;
  const asOfDay = def.asOf !== undefined ? dayOf(Date.parse(`${def.asOf}T00:00:00Z`)) : latest === null ? null : dayOf(latest);
  const recency = raw.map((x) => (asOfDay ?? 0) - dayOf(x.lastMs));
  const r = quintileScores(recency, false);
  const f = quintileScores(raw.map((x) => x.frequency), true);
  const m = quintileScores(raw.map((x) => x.monetary), true);
  const people: RfmPerson[] = raw.map((x, i) => {
    const fm = Math.ceil((f[i]! + m[i]!) / 2);
    return { ...x, recencyDays: recency[i]!, r: r[i]!, f: f[i]!, m: m[i]!, fm, group: rfmGroupOf(r[i]!, fm) };
  });
  const grid: RfmCell[] = [];
  for (let rs = 5; rs >= 1; rs--) for (let fm = 1; fm <= 5; fm++) grid.push({ r: rs, fm, group: rfmGroupOf(rs, fm), count: 0, monetary: 0 });
  const groups = new Map<RfmGroup, RfmGroupSummary>(RFM_GROUPS.map((g) => [g, { group: g, count: 0, share: 0, monetary: 0 }]));
  for (const p of people) {
    const cell = grid[(5 - p.r) * 5 + (p.fm - 1)]!;
    cell.count += 1;
    cell.monetary += p.monetary;
    const g = groups.get(p.group)!;
    g.count += 1;
    g.monetary += p.monetary;
  }
  for (const g of groups.values()) g.share = people.length ? g.count / people.length : 0;
  return {
    purchase: def.purchase,
    value: def.value,
    asOf: asOfDay === null ? null : dayText(asOfDay),
    customers: people.length,
    grid,
    groups: [...groups.values()],
    ...(opts.people ? { people } : {}),
  };
}

/** RFM from events (the reference pipeline: `rfmRaw` then `rfmFromRaw`). */
export function rfm(events: readonly AnalyticsEvent[], def: RfmDefinition, opts: { people?: boolean } = {}): RfmResult {
  return rfmFromRaw(rfmRaw(events, def), def, opts);
}
