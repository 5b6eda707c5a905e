/**
 * The paths page's state, kept in the URL:
 * `/paths?from=Checkout%20Started&to=…&by=event&depth=3&edges=all&count=person&clean=^Email.*%3D>Email&exclude=Home`.
 * A cleaning rule is `pattern=>label` (split at the last `=>`).
 */
export const BYS = ['touchpoint', 'event'] as const;
export const DEPTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
/** Which transitions the chart draws: the main flow (`MAIN_COVERAGE` of each step's moves) or all. */
export const FLOWS = ['main', 'all'] as const;
export type PathsFlow = (typeof FLOWS)[number];
/** The share of each step's moves the main flow draws at least (`coverage` of the definition). */
export const MAIN_COVERAGE = 0.8;
/** What the counts count: paths (one per visit) or distinct people. */
export const COUNTS = ['session', 'person'] as const;
export type PathsCount = (typeof COUNTS)[number];

export interface CleaningRule {
  regex: string;
  label: string;
}

export interface PathsQuery {
  from: string | null;
  to: string | null;
  by: (typeof BYS)[number];
  depth: number;
  flow: PathsFlow;
  count: PathsCount;
  cleaning: CleaningRule[];
  exclude: string[];
}

const int = (v: string | null, all: readonly number[], fallback: number) => {
  const n = v === null ? NaN : Number(v);
  return all.includes(n) ? n : fallback;
};

export const encodeRule = (r: CleaningRule) => `${r.regex}=>${r.label}`;
export function decodeRule(s: string): CleaningRule | null {
  const at = s.lastIndexOf('=>');
  if (at <= 0) return null;
  return { regex: s.slice(0, at), label: s.slice(at + 2) };
}

export function readPathsQuery(p: URLSearchParams): PathsQuery {
  const by = p.get('by');
  return {
    from: p.get('from') || null,
    to: p.get('to') || null,
    by: by === 'event' ? 'event' : 'touchpoint',
    depth: int(p.get('depth'), DEPTHS, 5),
    flow: p.get('edges') === 'all' ? 'all' : 'main',
    count: p.get('count') === 'person' ? 'person' : 'session',
    cleaning: p.getAll('clean').map(decodeRule).filter((r): r is CleaningRule => r !== null).slice(0, 20),
    exclude: [...new Set(p.getAll('exclude').filter((s) => s !== ''))].slice(0, 200),
  };
}

export function writePathsQuery(q: PathsQuery, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  for (const k of ['from', 'to', 'clean', 'exclude']) next.delete(k);
  if (q.from) next.set('from', q.from);
  if (q.to) next.set('to', q.to);
  next.set('by', q.by);
  next.set('depth', String(q.depth));
  next.delete('top');
  if (q.flow === 'all') next.set('edges', 'all');
  else next.delete('edges');
  if (q.count === 'person') next.set('count', 'person');
  else next.delete('count');
  for (const r of q.cleaning) next.append('clean', encodeRule(r));
  for (const e of q.exclude) next.append('exclude', e);
  return next;
}

/** The `POST /v1/analytics/paths` definition: anchors are touchpoints of the catalogue. */
/** Complete paths listed under the chart. */
export const TOP_PATHS = 10;

export function pathsDefinition(q: PathsQuery): Record<string, unknown> {
  return {
    ...(q.from ? { start: { touchpoint: q.from } } : {}),
    ...(q.to ? { end: { touchpoint: q.to } } : {}),
    by: q.by,
    depth: q.depth,
    coverage: q.flow === 'all' ? 1 : MAIN_COVERAGE,
    topPaths: TOP_PATHS,
    countBy: q.count,
    cleaning: q.cleaning,
    exclude: q.exclude,
  };
}
