import type { JourneyMapResult } from '../api/types.js';
import type { JourneyQuery } from './journey-query.js';
import { cellKey } from './map-mode.js';

/**
 * The future-state map's plan, in the URL so it can be shared:
 * `?type=future&plan=fix_drop_off:Payment%20Info%20Entered&plan=…` (intervention ids from
 * `POST /v1/interventions`, repeated) and `&chg=Cart%20Viewed->(conversion)=1.2` (a manual
 * "make FROM → TO more likely by ×factor", split at the last `=` and then the last `->`, repeated).
 */
export interface ManualChange {
  from: string;
  to: string;
  factor: number;
}

export const FACTOR_MIN = 0.1;
export const FACTOR_MAX = 5;
/** The twin's targets besides the touchpoints (docs/twin.md). */
export const TWIN_CONVERSION = '(conversion)';

export function parseChange(v: string): ManualChange | null {
  const eq = v.lastIndexOf('=');
  if (eq < 0) return null;
  const left = v.slice(0, eq);
  const arrow = left.lastIndexOf('->');
  if (arrow <= 0) return null;
  const from = left.slice(0, arrow).trim();
  const to = left.slice(arrow + 2).trim();
  const factor = Number(v.slice(eq + 1));
  if (!from || !to || !Number.isFinite(factor) || factor < FACTOR_MIN || factor > FACTOR_MAX) return null;
  return { from, to, factor };
}

export const changeParam = (c: ManualChange): string => `${c.from}->${c.to}=${c.factor}`;

export interface FuturePlan {
  /** Intervention ids, in the order they were picked. */
  ids: string[];
  changes: ManualChange[];
}

export function readFuturePlan(params: URLSearchParams): FuturePlan {
  const ids = [...new Set(params.getAll('plan').filter(Boolean))];
  const changes = params
    .getAll('chg')
    .map(parseChange)
    .filter((c): c is ManualChange => c !== null);
  return { ids, changes };
}

/** The map's persona and period as the decide endpoints' `segment` and `range`. */
export function selectionFilters(q: JourneyQuery): Record<string, unknown> {
  return {
    ...(q.persona ? { segment: [{ property: 'persona', op: 'eq', value: q.persona }] } : {}),
    ...(q.range ? { range: q.range } : {}),
  };
}

/** `POST /v1/interventions` for the map's selection (the ranked list the plan is picked from). */
export const interventionsRequest = (q: JourneyQuery): Record<string, unknown> => selectionFilters(q);

/** A ranked intervention as far as the map uses it (`RankedIntervention` in @trailmap/core). */
export interface PlanIntervention {
  id: string;
  rank: number;
  kind: 'fix_drop_off' | 'remove_friction' | 'add_reminder' | 'personalise' | 'add_channel';
  touchpoint: string;
  twin: unknown[];
  uplift: { revenue: Interval; conversions: Interval; conversionRate: Interval };
  roi: number;
}
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * `POST /v1/twin/simulate` for the plan: the picked interventions' twin interventions
 * concatenated in the order picked, then the manual changes, on the journeys labelled by
 * touchpoint (the labels of the map's cells and of the intervention list), for the same selection.
 */
export function simulateRequest(q: JourneyQuery, picked: readonly PlanIntervention[], changes: readonly ManualChange[]): Record<string, unknown> | null {
  const interventions = [
    ...picked.flatMap((p) => p.twin),
    ...changes.map((c) => ({ kind: 'scale_transition', from: c.from, to: c.to, factor: c.factor })),
  ];
  if (interventions.length === 0) return null;
  return { interventions, by: 'touchpoint', ...selectionFilters(q) };
}

/** A planned change pinned on the map. */
export interface PlannedPin {
  key: string;
  /** `intervention` (from the ranked list) or `manual`. */
  source: 'intervention' | 'manual';
  id: string;
  touchpoint: string;
  intervention?: PlanIntervention;
  change?: ManualChange;
}

/**
 * Where a touchpoint's planned change is pinned: its busiest cell on the map (most people; the
 * key touchpoint scores give a touchpoint the channel and stage of its busiest cell too), or null
 * when the touchpoint has no cell in this selection.
 */
export function busiestCell(map: JourneyMapResult, touchpoint: string): string | null {
  let best: JourneyMapResult['cells'][number] | null = null;
  for (const c of map.cells) if (c.touchpoint === touchpoint && (!best || c.people > best.people)) best = c;
  return best ? cellKey(best) : null;
}

/** Cell key → the pins in it; the pins whose touchpoint is not on the map are returned apart. */
export function pinsByCell(map: JourneyMapResult, pins: readonly PlannedPin[]): { byCell: Map<string, PlannedPin[]>; offMap: PlannedPin[] } {
  const byCell = new Map<string, PlannedPin[]>();
  const offMap: PlannedPin[] = [];
  for (const p of pins) {
    const key = busiestCell(map, p.touchpoint);
    if (key === null) offMap.push(p);
    else byCell.set(key, [...(byCell.get(key) ?? []), p]);
  }
  return { byCell, offMap };
}
