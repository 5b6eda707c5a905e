import type { RangeSpec } from '@trailmap/core';
import { readDateRange } from '../components/use-date-range.js';
/** The journey map's selection, kept in the URL so a view can be shared: `?persona=…&from=…&to=…`. */
export interface JourneyQuery {
  persona: string | null;
  from: string | null;
  to: string | null;
  /** The period asked for: the shared date control's (`?last=`, `?during=`, `?dateFrom=`), else an older link's from/to; null = all time. */
  range: RangeSpec | null;
}

export function readJourneyQuery(params: URLSearchParams): JourneyQuery {
  const from = params.get('from') || null;
  const to = params.get('to') || null;
  const legacy = from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : null;
  return { persona: params.get('persona') || null, from, to, range: readDateRange(params) ?? legacy };
}

/** The `POST /v1/analytics/journey-map` definition for a selection. */
export function journeyMapDefinition(q: JourneyQuery): Record<string, unknown> {
  const def: Record<string, unknown> = {};
  if (q.persona) def.segment = [{ property: 'persona', op: 'eq', value: q.persona }];
  if (q.range) def.period = q.range;
  return def;
}

/** A month period [start, start + 1 month) as ISO strings. */
export function monthPeriod(startIso: string): { from: string; to: string } {
  const d = new Date(startIso);
  const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  return { from: d.toISOString(), to: next.toISOString() };
}
