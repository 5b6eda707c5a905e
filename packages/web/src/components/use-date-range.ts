import type { RangeSpec } from '@trailmap/core';
import { useUrlParams } from '../routing/url-params.js';

/**
 * The date range of an analysis page, kept in the URL in the API's own terms so a shared link
 * explains itself: `?last=30d`, `?during=this_month`, or `?dateFrom=2026-11-01&dateTo=2026-12-01`
 * (dates in the project time zone, `dateTo` exclusive as in the API); none = all time. `compare=1`
 * asks for the previous period where the page offers it. (`from`/`to` are taken by the paths and
 * twin pages, hence `dateFrom`/`dateTo`.)
 */
export const PRESETS = ['last7', 'last30', 'last90', 'this_month', 'last_month', 'all'] as const;
export type DatePreset = (typeof PRESETS)[number];

const PRESET_SPEC: Record<Exclude<DatePreset, 'all'>, RangeSpec> = {
  last7: { last: '7d' },
  last30: { last: '30d' },
  last90: { last: '90d' },
  this_month: { period: 'this_month' },
  last_month: { period: 'last_month' },
};

const CALENDAR = ['today', 'yesterday', 'this_week', 'last_week', 'this_month', 'last_month', 'this_year', 'last_year'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const RANGE_KEYS = ['last', 'during', 'dateFrom', 'dateTo'] as const;

/** The written range of the URL (null: all time); a malformed value is left for the API to name. */
export function readDateRange(p: URLSearchParams): RangeSpec | null {
  const last = p.get('last');
  if (last) return { last };
  const during = p.get('during');
  if (during) return { period: during as (typeof CALENDAR)[number] };
  const from = p.get('dateFrom');
  const to = p.get('dateTo');
  if (from || to) return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  return null;
}

export function writeDateRange(spec: RangeSpec | null, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const k of RANGE_KEYS) next.delete(k);
  if (spec?.last) next.set('last', spec.last);
  else if (spec?.period) next.set('during', spec.period);
  else {
    if (spec?.from) next.set('dateFrom', spec.from);
    if (spec?.to) next.set('dateTo', spec.to);
  }
  return next;
}

/** The preset a range is, or null for custom dates / another written range. */
export function presetOf(spec: RangeSpec | null): DatePreset | null {
  if (spec === null) return 'all';
  const hit = (Object.entries(PRESET_SPEC) as Array<[DatePreset, RangeSpec]>).find(([, s]) => s.last === spec.last && s.period === spec.period && !spec.from && !spec.to);
  return hit ? hit[0] : null;
}

export const presetSpec = (p: DatePreset): RangeSpec | null => (p === 'all' ? null : PRESET_SPEC[p]);

/** True for custom absolute dates (`YYYY-MM-DD`) the date inputs can show. */
export const isDateRange = (spec: RangeSpec | null): boolean => !!spec && !spec.last && !spec.period && [spec.from, spec.to].every((d) => d === undefined || DATE.test(d));

/** A `YYYY-MM-DD` day moved by whole days (calendar arithmetic, no time zone involved). */
export function shiftDay(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The page's range and compare toggle, read from and written to the URL. */
export function useDateRange(): { range: RangeSpec | null; compare: boolean; setRange(r: RangeSpec | null): void; setCompare(on: boolean): void } {
  const [params, edit] = useUrlParams();
  return {
    range: readDateRange(params),
    compare: params.get('compare') === '1',
    setRange: (r) => edit((cur) => writeDateRange(r, cur)),
    setCompare: (on) =>
      edit((cur) => {
        const next = new URLSearchParams(cur);
        if (on) next.set('compare', '1');
        else next.delete('compare');
        return next;
      }),
  };
}

/** Add the range (and compare) to an analysis definition under its range field (`range`, the journey map's `period`). */
export function withRange(def: Record<string, unknown>, range: RangeSpec | null, field = 'range', compare = false): Record<string, unknown> {
  return { ...def, ...(range ? { [field]: range } : {}), ...(compare && range ? { compare: 'previous_period' } : {}) };
}
