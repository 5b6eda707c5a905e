/**
 * The retention page's state, kept in the URL:
 * `/retention?start=Product%20Viewed&return=Order%20Completed&period=week&periods=12&mode=on&startMode=first_time&interval=month`.
 * `start` / `return` are touchpoints of the catalogue (absent: any event).
 */
export const PERIODS = ['day', 'week', 'month'] as const;
export const PERIOD_COUNTS = [4, 6, 8, 12, 16, 24, 30, 52] as const;
export const MODES = ['on', 'on_or_after'] as const;
export const START_MODES = ['first_time', 'any'] as const;
export type Period = (typeof PERIODS)[number];

export interface RetentionQuery {
  start: string | null;
  ret: string | null;
  period: Period;
  periods: number;
  mode: (typeof MODES)[number];
  startMode: (typeof START_MODES)[number];
  interval: Period;
}

const pick = <T extends string>(all: readonly T[], v: string | null, fallback: T): T => (v !== null && (all as readonly string[]).includes(v) ? (v as T) : fallback);

export function readRetentionQuery(p: URLSearchParams): RetentionQuery {
  const n = Number(p.get('periods'));
  return {
    start: p.get('start') || null,
    ret: p.get('return') || null,
    period: pick(PERIODS, p.get('period'), 'week'),
    // Any whole number the API accepts (1–120) from a shared link; the selector offers common ones.
    periods: Number.isInteger(n) && n >= 1 && n <= 120 ? n : 12,
    mode: pick(MODES, p.get('mode'), 'on'),
    startMode: pick(START_MODES, p.get('startMode'), 'first_time'),
    // Survey answers are sparse per week; months read better by default.
    interval: pick(PERIODS, p.get('interval'), 'month'),
  };
}

export function writeRetentionQuery(q: RetentionQuery, base: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(base);
  const set = (k: string, v: string | null) => (v ? next.set(k, v) : next.delete(k));
  set('start', q.start);
  set('return', q.ret);
  set('period', q.period);
  set('periods', String(q.periods));
  set('mode', q.mode);
  set('startMode', q.startMode);
  set('interval', q.interval);
  return next;
}

const matcher = (touchpoint: string | null) => (touchpoint ? { touchpoint } : {});

/** `POST /v1/analytics/retention`. */
export const retentionDefinition = (q: RetentionQuery) => ({
  start: matcher(q.start),
  return: matcher(q.ret),
  period: q.period,
  periods: q.periods,
  mode: q.mode,
  startMode: q.startMode,
});

/** `POST /v1/analytics/lifecycle`: active = did the "coming back" step, by the grid's period. */
export const lifecycleDefinition = (q: RetentionQuery) => ({ event: matcher(q.ret), period: q.period });

/** `POST /v1/analytics/metrics`: the whole data as one group, by interval (its `series`). */
export const metricsDefinition = (q: RetentionQuery) => ({ interval: q.interval });
