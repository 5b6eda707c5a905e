import { periodStartIso, periodStartMs, type PeriodUnit } from '../retention/period-index.js';
import { observedUntilIso, spanComplete } from '../shared/observation-end.js';

export type LifecycleStatus = 'new' | 'returning' | 'resurrecting' | 'dormant';

/** Per-period people counts by status (dormant counted positive here), shared by TS and SQL. */
export interface LifecycleCounts {
  byPeriod: Map<number, Record<LifecycleStatus, number>>;
  /** First period with activity, and the period of the last event of the data; null when empty. */
  firstActive: number | null;
  lastPeriod: number | null;
  /** The observation end (see `observationEnd`): periods ending after it are incomplete. */
  observedEndMs: number | null;
}

export interface LifecycleRow {
  /** Start of the period (ISO). */
  period: string;
  /** People active in the period (new + returning + resurrecting). */
  active: number;
  /** First-ever activity in this period. */
  new: number;
  /** Active in this period and the previous one. */
  returning: number;
  /** Active now, not in the previous period, and not new. */
  resurrecting: number;
  /** Active in the previous period but not in this one ("churned" this period), as a negative number. */
  dormant: number;
  /** Dormant / people active in the previous period; null when nobody was. */
  churnRate: number | null;
  /** (new + resurrecting) / dormant: above 1 the active base grows; null when nobody went dormant. */
  quickRatio: number | null;
  /**
   * The period ended before the observation end. In an incomplete period people who will still
   * be active have not shown up yet, so "dormant" is too high and the other counts too low.
   */
  complete: boolean;
}

export interface LifecycleResult {
  period: PeriodUnit;
  rows: LifecycleRow[];
  /** The observation end (ISO); null without data. */
  observedUntil: string | null;
}

export const emptyStatus = (): Record<LifecycleStatus, number> => ({ new: 0, returning: 0, resurrecting: 0, dormant: 0 });

/** One row per period from `from` (or the first activity) to the last period of the data. */
export function lifecycleRows(unit: PeriodUnit, c: LifecycleCounts, from: number | null): LifecycleResult {
  const rows: LifecycleRow[] = [];
  const first = from ?? c.firstActive;
  if (first !== null && c.lastPeriod !== null) {
    for (let p = first; p <= c.lastPeriod; p++) {
      const s = c.byPeriod.get(p) ?? emptyStatus();
      const prevActive = s.returning + s.dormant;
      rows.push({
        period: periodStartIso(unit, p),
        active: s.new + s.returning + s.resurrecting,
        new: s.new,
        returning: s.returning,
        resurrecting: s.resurrecting,
        dormant: s.dormant === 0 ? 0 : -s.dormant,
        churnRate: prevActive > 0 ? s.dormant / prevActive : null,
        quickRatio: s.dormant > 0 ? (s.new + s.resurrecting) / s.dormant : null,
        complete: spanComplete(periodStartMs(unit, p + 1), c.observedEndMs),
      });
    }
  }
  return { period: unit, rows, observedUntil: observedUntilIso(c.observedEndMs) };
}
