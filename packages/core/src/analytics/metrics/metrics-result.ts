import { periodStartIso, periodStartMs, type PeriodUnit } from '../retention/period-index.js';
import { observedUntilIso, spanComplete } from '../shared/observation-end.js';
import type { MetricGrouping, MetricsDefinition } from './metrics.schema.js';

/** Additive counts of one (period, group): sums over periods give the overall figures. */
export interface MetricCells {
  sessions: number;
  bounces: number;
  durationMs: number;
  impressions: number[];
  clicks: number[];
  csatN: number;
  csatTop: number;
  csatSum: number;
  npsN: number;
  npsPromoters: number;
  npsDetractors: number;
  cesN: number;
  cesSum: number;
}

/** People active in a group (and period) and how many of them converted in the same period. */
export interface PeopleCount {
  /** Period index; null for the whole range. */
  period: number | null;
  group: string;
  active: number;
  converters: number;
}

/** What both the TS reference and the SQL versions produce; `metricsResult` derives the rates. */
export interface MetricsCounts {
  cells: Array<{ period: number; group: string; cells: MetricCells }>;
  people: PeopleCount[];
  /** The observation end (see `observationEnd`): periods ending after it are incomplete. */
  observedEndMs: number | null;
}

export interface MetricsRow {
  group: string;
  /** Start of the period (ISO); absent in the overall rows. */
  period?: string;
  activePeople: number;
  converters: number;
  conversionRate: number | null;
  sessions: number;
  bounces: number;
  bounceRate: number | null;
  avgSessionDurationMs: number | null;
  clickThrough: Array<{ name: string; impressions: number; clicks: number; rate: number | null }>;
  csat: { responses: number; score: number | null; mean: number | null };
  nps: { responses: number; promoters: number; detractors: number; score: number | null };
  ces: { responses: number; mean: number | null };
}

/** A row of the series: one period of one group. */
export interface MetricsSeriesRow extends MetricsRow {
  period: string;
  /** The period ended before the observation end; an incomplete period's counts can still grow and its rates move. */
  complete: boolean;
}

export interface MetricsResult {
  by: MetricGrouping | null;
  interval: PeriodUnit;
  /** One row per group over the whole range. */
  rows: MetricsRow[];
  /** One row per period and group, in period order. */
  series: MetricsSeriesRow[];
  /** The observation end (ISO); null without data. */
  observedUntil: string | null;
}

/** The group of everything when no grouping is asked for. */
export const ALL_GROUP = 'all';

export const emptyCells = (pairs: number): MetricCells => ({
  sessions: 0,
  bounces: 0,
  durationMs: 0,
  impressions: new Array<number>(pairs).fill(0),
  clicks: new Array<number>(pairs).fill(0),
  csatN: 0,
  csatTop: 0,
  csatSum: 0,
  npsN: 0,
  npsPromoters: 0,
  npsDetractors: 0,
  cesN: 0,
  cesSum: 0,
});

export function addCells(a: MetricCells, b: MetricCells): void {
  for (const k of ['sessions', 'bounces', 'durationMs', 'csatN', 'csatTop', 'csatSum', 'npsN', 'npsPromoters', 'npsDetractors', 'cesN', 'cesSum'] as const) a[k] += b[k];
  b.impressions.forEach((v, i) => (a.impressions[i]! += v));
  b.clicks.forEach((v, i) => (a.clicks[i]! += v));
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

function row(def: MetricsDefinition, group: string, period: number | null, c: MetricCells, p: PeopleCount | undefined): MetricsRow {
  const active = p?.active ?? 0;
  const converters = p?.converters ?? 0;
  return {
    group,
    ...(period === null ? {} : { period: periodStartIso(def.interval, period) }),
    activePeople: active,
    converters,
    conversionRate: ratio(converters, active),
    sessions: c.sessions,
    bounces: c.bounces,
    bounceRate: ratio(c.bounces, c.sessions),
    avgSessionDurationMs: ratio(c.durationMs, c.sessions),
    clickThrough: def.clickThrough.map((pair, i) => ({ name: pair.name, impressions: c.impressions[i]!, clicks: c.clicks[i]!, rate: ratio(c.clicks[i]!, c.impressions[i]!) })),
    csat: { responses: c.csatN, score: ratio(c.csatTop, c.csatN), mean: ratio(c.csatSum, c.csatN) },
    nps: {
      responses: c.npsN,
      promoters: c.npsPromoters,
      detractors: c.npsDetractors,
      score: c.npsN > 0 ? (100 * (c.npsPromoters - c.npsDetractors)) / c.npsN : null,
    },
    ces: { responses: c.cesN, mean: ratio(c.cesSum, c.cesN) },
  };
}

const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Overall rows (groups in name order) and the per-period series from the counts. */
export function metricsResult(def: MetricsDefinition, counts: MetricsCounts): MetricsResult {
  const pairs = def.clickThrough.length;
  const key = (period: number | null, group: string) => `${period ?? ''}|${group}`;
  const people = new Map(counts.people.map((p) => [key(p.period, p.group), p]));
  const series = new Map<string, { period: number; group: string; cells: MetricCells }>();
  const totals = new Map<string, MetricCells>();
  const touch = (period: number, group: string) => {
    const k = key(period, group);
    if (!series.has(k)) series.set(k, { period, group, cells: emptyCells(pairs) });
    if (!totals.has(group)) totals.set(group, emptyCells(pairs));
    return series.get(k)!;
  };
  for (const c of counts.cells) {
    addCells(touch(c.period, c.group).cells, c.cells);
    addCells(totals.get(c.group)!, c.cells);
  }
  for (const p of counts.people) if (p.period !== null) touch(p.period, p.group);
    else if (!totals.has(p.group)) totals.set(p.group, emptyCells(pairs));
  const rows = [...totals.keys()].sort(cmpText).map((g) => row(def, g, null, totals.get(g)!, people.get(key(null, g))));
  const ser = [...series.values()]
    .sort((a, b) => a.period - b.period || cmpText(a.group, b.group))
    .map((s): MetricsSeriesRow => ({
      ...row(def, s.group, s.period, s.cells, people.get(key(s.period, s.group))),
      period: periodStartIso(def.interval, s.period),
      complete: spanComplete(periodStartMs(def.interval, s.period + 1), counts.observedEndMs),
    }));
  return { by: def.by ?? null, interval: def.interval, rows, series: ser, observedUntil: observedUntilIso(counts.observedEndMs) };
}
