import type { RangeSpec } from '@trailmap/core';
import { readDateRange } from '../components/use-date-range.js';
/**
 * The funnel builder's state, kept in the URL:
 * `?step=A&step=B&window=7d&order=sequential&breakdown=persona&dropoff=2&dropoffLimit=100`
 * (`breakdown`: `persona`, `trait:NAME` (a person's latest trait) or `property:NAME` (of the step-1 event))
 * (`dropoff`: the step whose drop-off people are listed, 2…steps; `dropoffLimit`: how many ids).
 */
export const WINDOWS = ['1d', '7d', '14d', '30d'] as const;
export const ORDERS = ['sequential', 'strict', 'any'] as const;
export type FunnelWindow = (typeof WINDOWS)[number];
export type FunnelOrderMode = (typeof ORDERS)[number];

export interface FunnelQuery {
  steps: string[];
  window: FunnelWindow;
  order: FunnelOrderMode;
  breakdown: FunnelBreakdown | null;
  /** The step n (2…steps) whose drop-off (reached n−1, not n) is listed, or null. */
  dropOff: number | null;
  /** How many person ids to list (the API's `dropOffLimit`; the count is always complete). */
  dropOffLimit: number;
  /** The date range (the shared control's URL parameters; null = all time). */
  range: RangeSpec | null;
}

/** Split by a person's latest trait or by a property of the step-1 event. */
export interface FunnelBreakdown {
  /** `segment`: in / not in the saved segment named (its key). */
  kind: 'trait' | 'property' | 'segment';
  name: string;
}

/** `persona` (the common case), `trait:NAME` or `property:NAME` → a breakdown; anything else → none. */
export function parseBreakdown(v: string | null): FunnelBreakdown | null {
  if (v === 'persona') return { kind: 'trait', name: 'persona' };
  const m = v === null ? null : /^(trait|property|segment):(.{1,200})$/.exec(v);
  return m ? { kind: m[1] as FunnelBreakdown['kind'], name: m[2]! } : null;
}

export const breakdownParam = (b: FunnelBreakdown): string => (b.kind === 'trait' && b.name === 'persona' ? 'persona' : `${b.kind}:${b.name}`);

export const DROP_OFF_PAGE = 100;
/** The API's largest `dropOffLimit`. */
export const DROP_OFF_MAX = 10_000;

const intParam = (v: string | null): number | null => (v !== null && /^\d{1,6}$/.test(v) ? Number(v) : null);

const pick = <T extends string>(all: readonly T[], v: string | null, fallback: T): T => (v !== null && (all as readonly string[]).includes(v) ? (v as T) : fallback);

export function readFunnelQuery(p: URLSearchParams): FunnelQuery {
  const steps = p.getAll('step').filter((s) => s !== '');
  const dropOff = intParam(p.get('dropoff'));
  const limit = intParam(p.get('dropoffLimit'));
  return {
    steps,
    dropOff: dropOff !== null && dropOff >= 2 && dropOff <= steps.length ? dropOff : null,
    dropOffLimit: limit !== null && limit >= 1 ? Math.min(limit, DROP_OFF_MAX) : DROP_OFF_PAGE,
    window: pick(WINDOWS, p.get('window'), '7d'),
    order: pick(ORDERS, p.get('order'), 'sequential'),
    breakdown: parseBreakdown(p.get('breakdown')),
    range: readDateRange(p),
  };
}

export function writeFunnelQuery(q: FunnelQuery, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  next.delete('step');
  for (const s of q.steps) next.append('step', s);
  next.set('window', q.window);
  next.set('order', q.order);
  if (q.breakdown) next.set('breakdown', breakdownParam(q.breakdown));
  else next.delete('breakdown');
  if (q.dropOff !== null && q.dropOff >= 2 && q.dropOff <= q.steps.length) next.set('dropoff', String(q.dropOff));
  else next.delete('dropoff');
  if (q.dropOff !== null && q.dropOffLimit !== DROP_OFF_PAGE) next.set('dropoffLimit', String(q.dropOffLimit));
  else next.delete('dropoffLimit');
  return next;
}

/** The `POST /v1/analytics/funnel` definition: each step is a touchpoint of the catalogue. */
export function funnelDefinition(q: FunnelQuery): Record<string, unknown> {
  return {
    steps: q.steps.map((touchpoint) => ({ touchpoint })),
    window: q.window,
    order: q.order,
    interval: 'week',
    ...(q.breakdown ? { breakdown: { [q.breakdown.kind]: q.breakdown.name } } : {}),
    ...(q.range ? { range: q.range } : {}),
  };
}

/**
 * The same funnel with the people who dropped off at step `q.dropOff` listed. The breakdown is
 * left out: it does not change who dropped off, and the list is over everyone.
 */
export function dropOffDefinition(q: FunnelQuery): Record<string, unknown> | null {
  if (q.dropOff === null) return null;
  const { breakdown: _breakdown, ...rest } = funnelDefinition(q);
  return { ...rest, dropOffStep: q.dropOff, dropOffLimit: q.dropOffLimit };
}
