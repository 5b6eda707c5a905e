import type { RangeSpec } from '@trailmap/core';
import { readDateRange } from '../components/use-date-range.js';
/**
 * The attribution page's state, kept in the URL so a view can be shared:
 * `/attribution?by=channel&lookback=30d&cap=50&order=1&metric=conversions&from=…&to=…&factor=1.2&remove=…&redirect=drop`.
 */
export const BYS = ['channel', 'touchpoint', 'event'] as const;
export const LOOKBACKS = ['7d', '14d', '30d', '90d'] as const;
export const ORDERS = [1, 2, 3, 4] as const;
/** Touches kept per journey: every touch in the lookback (the default), or an explicit cap on the last N (`maxTouches`). */
export const CAPS = ['all', '50', '20', '10'] as const;
export const METRICS = ['conversions', 'value'] as const;
export const REDIRECTS = ['drop', 'successors'] as const;
export const MODELS = ['first', 'last', 'linear', 'timeDecay', 'position', 'markov', 'shapley'] as const;
export const COMPONENTS = ['reach', 'frequency', 'attribution', 'dropOff', 'experience'] as const;
export const FACTOR_MIN = 0.5;
export const FACTOR_MAX = 2;

export type By = (typeof BYS)[number];
export type Lookback = (typeof LOOKBACKS)[number];
export type Cap = (typeof CAPS)[number];
export type Metric = (typeof METRICS)[number];
export type Redirect = (typeof REDIRECTS)[number];

export interface AttributionQuery {
  by: By;
  lookback: Lookback;
  cap: Cap;
  order: number;
  metric: Metric;
  /** The twin transition to scale; empty until picked. */
  from: string;
  to: string;
  factor: number;
  remove: string;
  redirect: Redirect;
  /** The date range of the shared control (`?last=`, `?during=`, `?dateFrom=`/`dateTo=`; null = all time). */
  range: RangeSpec | null;
}

const pick = <T extends string>(all: readonly T[], v: string | null, fallback: T): T => (v !== null && (all as readonly string[]).includes(v) ? (v as T) : fallback);

export const clampFactor = (f: number) => Math.min(FACTOR_MAX, Math.max(FACTOR_MIN, Math.round(f * 100) / 100));

export function readAttributionQuery(p: URLSearchParams): AttributionQuery {
  const order = Number(p.get('order'));
  const factor = Number(p.get('factor'));
  return {
    by: pick(BYS, p.get('by'), 'channel'),
    lookback: pick(LOOKBACKS, p.get('lookback'), '30d'),
    cap: pick(CAPS, p.get('cap'), 'all'),
    order: (ORDERS as readonly number[]).includes(order) ? order : 1,
    metric: pick(METRICS, p.get('metric'), 'conversions'),
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    factor: p.has('factor') && Number.isFinite(factor) ? clampFactor(factor) : 1,
    remove: p.get('remove') ?? '',
    redirect: pick(REDIRECTS, p.get('redirect'), 'drop'),
    range: readDateRange(p),
  };
}

export function writeAttributionQuery(q: AttributionQuery, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  next.set('by', q.by);
  next.set('lookback', q.lookback);
  next.set('order', String(q.order));
  next.set('metric', q.metric);
  const opt = (k: string, v: string) => (v ? next.set(k, v) : next.delete(k));
  opt('cap', q.cap === 'all' ? '' : q.cap);
  opt('from', q.from);
  opt('to', q.to);
  opt('factor', q.factor === 1 ? '' : String(q.factor));
  opt('remove', q.remove);
  opt('redirect', q.remove ? q.redirect : '');
  return next;
}

/** `POST /v1/attribution`: every model side by side. */
export const attributionRequest = (q: AttributionQuery) => ({ model: 'all', by: q.by, lookback: q.lookback, order: q.order, ...(q.cap === 'all' ? {} : { maxTouches: Number(q.cap) }), ...rangeOf(q) });

/** The page's date range for every request of the page (absent = all time). */
export const rangeOf = (q: AttributionQuery) => (q.range ? { range: q.range } : {});

/** The states the twin knows (it is fitted on journeys labelled by event): the event labels of the same journeys. */
export const stateNamesRequest = (q: AttributionQuery) => ({ model: 'last', by: 'event', lookback: q.lookback, ...rangeOf(q) });

/** `POST /v1/touchpoints/score` and `POST /v1/interventions` use the same journeys. */
export const scoreRequest = (q: AttributionQuery) => ({ lookback: q.lookback, ...rangeOf(q) });

/** `POST /v1/twin/simulate`: scale one transition, then optionally remove a touchpoint. */
export function twinRequest(q: AttributionQuery): Record<string, unknown> | null {
  if (!q.from || !q.to) return null;
  const interventions: unknown[] = [{ kind: 'scale_transition', from: q.from, to: q.to, factor: q.factor }];
  if (q.remove) interventions.push({ kind: 'remove_touchpoint', label: q.remove, redirect: q.redirect });
  return { interventions, by: 'event', lookback: q.lookback, ...rangeOf(q) };
}
