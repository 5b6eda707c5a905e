/** The journey map's selection, kept in the URL so a view can be shared: `?persona=…&from=…&to=…`. */
export interface JourneyQuery {
  persona: string | null;
  from: string | null;
  to: string | null;
}

export function readJourneyQuery(params: URLSearchParams): JourneyQuery {
  return { persona: params.get('persona') || null, from: params.get('from') || null, to: params.get('to') || null };
}

/** The `POST /v1/analytics/journey-map` definition for a selection. */
export function journeyMapDefinition(q: JourneyQuery): Record<string, unknown> {
  const def: Record<string, unknown> = {};
  if (q.persona) def.segment = [{ property: 'persona', op: 'eq', value: q.persona }];
  if (q.from || q.to) def.period = { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
  return def;
}

/** A month period [start, start + 1 month) as ISO strings. */
export function monthPeriod(startIso: string): { from: string; to: string } {
  const d = new Date(startIso);
  const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  return { from: d.toISOString(), to: next.toISOString() };
}
