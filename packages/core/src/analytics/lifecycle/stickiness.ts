import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { matchesEvent } from '../shared/event-matcher.js';
import { personMatcher } from '../shared/person-filter.js';
import { inRange } from '../shared/time-range.js';
import { periodIndex, periodStartIso, periodStartMs } from '../retention/period-index.js';
import type { StickinessDefinition } from './lifecycle.schema.js';

/** Shared by TS and SQL: period → number of active days → people; plus the observed days. */
export interface StickinessCounts {
  byPeriod: Map<number, Map<number, number>>;
  /** Day indexes (days since the epoch) of the first and last event in the range; null when empty. */
  firstDay: number | null;
  lastDay: number | null;
}

export interface StickinessBucket {
  /** Active days in the period. */
  days: number;
  /** Person-periods with exactly that many active days. */
  people: number;
  share: number;
}

export interface StickinessPeriod {
  period: string;
  /** People active at least one day in the period. */
  active: number;
  /** Observed days of the period (the data may start or end inside it). */
  days: number;
  /** Average daily active people over the observed days. */
  avgDau: number;
  /** avgDau / active: DAU/WAU for weeks, DAU/MAU for months (1 = active every day). */
  ratio: number | null;
  /**
   * The data covers every day of the period (`days` is the period's length). A period the data
   * starts or ends inside is incomplete: its actives can still grow, so its ratio is not
   * comparable with a whole period's.
   */
  complete: boolean;
}

export interface StickinessResult {
  period: 'week' | 'month';
  distribution: StickinessBucket[];
  series: StickinessPeriod[];
  /** Sum of avgDau / sum of active over all periods. */
  ratio: number | null;
}

const DAY = 86_400_000;

/** Histogram of active days per person-period and the DAU ratio per period. */
export function stickinessResult(unit: 'week' | 'month', c: StickinessCounts): StickinessResult {
  const maxDays = unit === 'week' ? 7 : 31;
  const hist = new Array<number>(maxDays + 1).fill(0);
  const series: StickinessPeriod[] = [];
  let sumDau = 0;
  let sumActive = 0;
  for (const p of [...c.byPeriod.keys()].sort((a, b) => a - b)) {
    let active = 0;
    let personDays = 0;
    for (const [d, n] of c.byPeriod.get(p)!) {
      hist[d] = (hist[d] ?? 0) + n;
      active += n;
      personDays += d * n;
    }
    const lo = Math.max(periodStartMs(unit, p) / DAY, c.firstDay!);
    const hi = Math.min(periodStartMs(unit, p + 1) / DAY - 1, c.lastDay!);
    const days = hi - lo + 1;
    const length = (periodStartMs(unit, p + 1) - periodStartMs(unit, p)) / DAY;
    const avgDau = personDays / days;
    sumDau += avgDau;
    sumActive += active;
    series.push({ period: periodStartIso(unit, p), active, days, avgDau, ratio: active > 0 ? avgDau / active : null, complete: days === length });
  }
  const total = hist.reduce((a, b) => a + b, 0);
  const distribution = hist.slice(1).map((people, i) => ({ days: i + 1, people, share: total > 0 ? people / total : 0 }));
  return { period: unit, distribution, series, ratio: sumActive > 0 ? sumDau / sumActive : null };
}

/** Reference counts: matching events inside the range, distinct active days per person and period. */
export function stickinessCounts(events: readonly AnalyticsEvent[], def: StickinessDefinition): StickinessCounts {
  const inSegment = personMatcher(events, def.segment);
  let firstDay: number | null = null;
  let lastDay: number | null = null;
  const days = new Map<string, Set<number>>();
  for (const e of events) {
    if (!inRange(e.timestamp, def.range)) continue;
    const day = periodIndex('day', e.timestamp);
    firstDay = Math.min(firstDay ?? Infinity, day);
    lastDay = Math.max(lastDay ?? -Infinity, day);
    if (!inSegment(e.personId) || !matchesEvent(e, def.event)) continue;
    let s = days.get(e.personId);
    if (!s) days.set(e.personId, (s = new Set()));
    s.add(day);
  }
  const byPeriod = new Map<number, Map<number, number>>();
  for (const set of days.values()) {
    const perPeriod = new Map<number, number>();
    for (const d of set) {
      const p = periodIndex(def.period, d * DAY);
      perPeriod.set(p, (perPeriod.get(p) ?? 0) + 1);
    }
    for (const [p, n] of perPeriod) {
      let m = byPeriod.get(p);
      if (!m) byPeriod.set(p, (m = new Map()));
      m.set(n, (m.get(n) ?? 0) + 1);
    }
  }
  return { byPeriod, firstDay, lastDay };
}

/** Stickiness computed in memory: the reference the SQL version is tested against. */
export const stickiness = (events: readonly AnalyticsEvent[], def: StickinessDefinition): StickinessResult =>
  stickinessResult(def.period, stickinessCounts(events, def));
