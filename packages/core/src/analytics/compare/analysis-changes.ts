import type { FunnelResult, FunnelStepResult } from '../funnel/funnel-result.js';
import type { JourneyMapResult } from '../journey-map/journey-map.js';
import type { MetricsResult, MetricsRow } from '../metrics/metrics-result.js';
import { change, type Change, type MaybeComparedAnswer } from './period-change.js';

/** Change of a funnel step: entities reaching it, conversion from step 1 and from the previous step. */
export interface FunnelStepChange {
  index: number;
  count: Change;
  conversionFromFirst: Change;
  conversionFromPrevious: Change;
}

export interface FunnelChange {
  steps: FunnelStepChange[];
  /** Per breakdown value of the current period (a value absent before counts 0, its rates null). */
  breakdown?: Array<{ value: string | null; steps: FunnelStepChange[] }>;
}

function stepChanges(cur: readonly FunnelStepResult[], prev: readonly FunnelStepResult[] | undefined): FunnelStepChange[] {
  return cur.map((s, i) => {
    const p = prev?.[i];
    return {
      index: s.index,
      count: change(s.count, p?.count ?? 0),
      conversionFromFirst: change(s.conversionFromFirst, p?.conversionFromFirst ?? null),
      conversionFromPrevious: change(s.conversionFromPrevious, p?.conversionFromPrevious ?? null),
    };
  });
}

/** The change between two results of the same funnel definition. */
export function funnelChange(current: FunnelResult, previous: FunnelResult): FunnelChange {
  const out: FunnelChange = { steps: stepChanges(current.steps, previous.steps) };
  if (current.breakdown) {
    const before = new Map((previous.breakdown ?? []).map((b) => [b.value, b.steps]));
    out.breakdown = current.breakdown.map((b) => ({ value: b.value, steps: stepChanges(b.steps, before.get(b.value)) }));
  }
  return out;
}

/** Change of one metrics row (a group over the whole range). */
export interface MetricsRowChange {
  group: string;
  activePeople: Change;
  converters: Change;
  conversionRate: Change;
  sessions: Change;
  bounceRate: Change;
  avgSessionDurationMs: Change;
  csatScore: Change;
  npsScore: Change;
  cesMean: Change;
}

export interface MetricsChange {
  /** Per group of the current period's overall rows. */
  rows: MetricsRowChange[];
}

/** The change of each group's overall metrics (a group absent before counts 0, its rates null). */
export function metricsChange(current: MetricsResult, previous: MetricsResult): MetricsChange {
  const before = new Map(previous.rows.map((r) => [r.group, r]));
  return {
    rows: current.rows.map((r) => {
      const p: MetricsRow | undefined = before.get(r.group);
      return {
        group: r.group,
        activePeople: change(r.activePeople, p?.activePeople ?? 0),
        converters: change(r.converters, p?.converters ?? 0),
        conversionRate: change(r.conversionRate, p?.conversionRate ?? null),
        sessions: change(r.sessions, p?.sessions ?? 0),
        bounceRate: change(r.bounceRate, p?.bounceRate ?? null),
        avgSessionDurationMs: change(r.avgSessionDurationMs, p?.avgSessionDurationMs ?? null),
        csatScore: change(r.csat.score, p?.csat.score ?? null),
        npsScore: change(r.nps.score, p?.nps.score ?? null),
        cesMean: change(r.ces.mean, p?.ces.mean ?? null),
      };
    }),
  };
}

/** Change of a journey-map cell (stage × channel × touchpoint) or stage: people reached and conversion to a later stage. */
export interface JourneyCellChange {
  stage: string;
  channel: string;
  touchpoint: string;
  people: Change;
  conversion: Change;
}

export interface JourneyMapChange {
  stages: Array<{ stage: string; people: Change; conversion: Change }>;
  cells: JourneyCellChange[];
  events: Change;
}

const cellKey = (c: { stage: string; channel: string; touchpoint: string }) => JSON.stringify([c.stage, c.channel, c.touchpoint]);

/** The change of each stage and cell of the current map (one absent before reached 0 people, its conversion null). */
export function journeyMapChange(current: JourneyMapResult, previous: JourneyMapResult): JourneyMapChange {
  const cells = new Map(previous.cells.map((c) => [cellKey(c), c]));
  const stages = new Map(previous.stages.map((s) => [s.stage, s]));
  return {
    stages: current.stages.map((s) => {
      const p = stages.get(s.stage);
      return { stage: s.stage, people: change(s.people, p?.people ?? 0), conversion: change(s.conversion, p?.conversion ?? null) };
    }),
    cells: current.cells.map((c) => {
      const p = cells.get(cellKey(c));
      return { stage: c.stage, channel: c.channel, touchpoint: c.touchpoint, people: change(c.people, p?.people ?? 0), conversion: change(c.conversion, p?.conversion ?? null) };
    }),
    events: change(current.totals.events, previous.totals.events),
  };
}

/** The answers of `POST /v1/analytics/funnel`, `metrics` and `journey-map` (one type for server and web). */
export type FunnelAnswer = MaybeComparedAnswer<FunnelResult, FunnelChange>;
export type MetricsAnswer = MaybeComparedAnswer<MetricsResult, MetricsChange>;
export type JourneyMapAnswer = MaybeComparedAnswer<JourneyMapResult, JourneyMapChange>;
