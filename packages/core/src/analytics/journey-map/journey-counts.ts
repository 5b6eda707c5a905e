import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { byPersonInOrder, sessionIds } from '../shared/sessions.js';
import { isJourneyStep, stageIndex } from '../experience/scope.js';

/**
 * The counted numbers of one journey-map cell (stage × channel × touchpoint), as the TS
 * reference and the SQL version both produce them:
 *
 * - `people`: people with a step in the cell; `converted`: those of them who have a step in a
 *   later stage (canonical `STAGES` order) after their first step in the cell (canonical event
 *   order: timestamp, then messageId).
 * - `sessions`: session visits of the cell (a session, 30 min gap by default, with ≥ 1 step in it).
 * - `dwellMedianMs`: median over measured visits of the time from the visit's first step in the
 *   cell to the session's next step after its last step in the cell (the time until the person
 *   moved on for good in that session); when the session ends in the cell, to that last step.
 *   A visit of one step that ends the session (a bounce) has no measured time and is left out
 *   (it would count as 0 ms); null when no visit is measured.
 * - `bounces`: visits whose session ends in the cell right after one step there; so
 *   `sessions − bounces` visits are measured (see `dwellIsMeaningful`).
 */
export interface CellCounts {
  stage: string;
  channel: string;
  touchpoint: string;
  people: number;
  converted: number;
  events: number;
  sessions: number;
  bounces: number;
  dwellMedianMs: number | null;
}

/** Per-stage totals: distinct people (not the sum of cells), steps, people converted to a later stage. */
export interface StageCounts {
  stage: string;
  people: number;
  converted: number;
  events: number;
}

/** Fewest measured visits (sessions − bounces) behind a dwell time the map shows. */
export const MIN_DWELL_VISITS = 5;

/**
 * Whether a cell's dwell means something: at least `MIN_DWELL_VISITS` measured visits and a
 * median above 0 ms (a median of 0 says the steps of the cell are logged at the same instant, e.g.
 * a server event, not that people spent no time there).
 */
export function dwellIsMeaningful(c: Pick<CellCounts, 'sessions' | 'bounces' | 'dwellMedianMs'>): boolean {
  return c.sessions - c.bounces >= MIN_DWELL_VISITS && c.dwellMedianMs !== null && c.dwellMedianMs > 0;
}

/** Interpolated median (R-7, as the engines' quantile hooks). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * 0.5;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
}

interface Visit {
  n: number;
  t0: number;
  t1: number;
  exit: boolean;
  fseq: number;
}

/** TypeScript reference of the cell and stage counts over scoped events. */
export function journeyCounts(scoped: readonly AnalyticsEvent[], gapMs: number): { cells: CellCounts[]; stages: StageCounts[] } {
  const steps = scoped.filter(isJourneyStep);
  const session = sessionIds(steps, gapMs);
  const visits = new Map<string, Visit & { cell: string; person: string }>();
  const firstInCell = new Map<string, number>();
  const firstInStage = new Map<string, number>();
  const laterMax = new Map<string, number[]>();
  for (const [person, list] of byPersonInOrder(steps)) {
    const later = [-1, -1, -1, -1, -1];
    list.forEach((e, i) => {
      const seq = i + 1;
      const sid = session.get(e.messageId)!;
      const next = list[i + 1];
      const nextMs = next && session.get(next.messageId) === sid ? next.timestamp : null;
      const cell = JSON.stringify([e.stage, e.channel, e.touchpoint]);
      const vk = `${sid}\u0000${cell}`;
      const v = visits.get(vk);
      const end = nextMs ?? e.timestamp;
      if (!v) visits.set(vk, { cell, person, n: 1, t0: e.timestamp, t1: end, exit: nextMs === null, fseq: seq });
      else {
        v.n++;
        v.t1 = Math.max(v.t1, end);
        v.exit ||= nextMs === null;
      }
      const pc = `${person}\u0000${cell}`;
      if (!firstInCell.has(pc)) firstInCell.set(pc, seq);
      const ps = `${person}\u0000${e.stage}`;
      if (!firstInStage.has(ps)) firstInStage.set(ps, seq);
      const si = stageIndex(e.stage);
      for (let k = 0; k < si; k++) later[k] = seq;
    });
    laterMax.set(person, later);
  }
  const cells = new Map<string, CellCounts & { dwell: number[] }>();
  for (const v of visits.values()) {
    let c = cells.get(v.cell);
    if (!c) {
      const [stage, channel, touchpoint] = JSON.parse(v.cell) as [string, string, string];
      cells.set(v.cell, (c = { stage, channel, touchpoint, people: 0, converted: 0, events: 0, sessions: 0, bounces: 0, dwellMedianMs: null, dwell: [] }));
    }
    c.events += v.n;
    c.sessions++;
    if (v.exit && v.n === 1) c.bounces++;
    else c.dwell.push(v.t1 - v.t0);
  }
  for (const [pc, fs] of firstInCell) {
    const [person, cell] = pc.split('\u0000') as [string, string];
    const c = cells.get(cell)!;
    c.people++;
    if (laterMax.get(person)![stageIndex(c.stage)]! > fs) c.converted++;
  }
  const stages = new Map<string, StageCounts>();
  const stageOf = (s: string) => stages.get(s) ?? (stages.set(s, { stage: s, people: 0, converted: 0, events: 0 }), stages.get(s)!);
  for (const c of cells.values()) stageOf(c.stage).events += c.events;
  for (const [ps, fs] of firstInStage) {
    const [person, stage] = ps.split('\u0000') as [string, string];
    const s = stageOf(stage);
    s.people++;
    if (laterMax.get(person)![stageIndex(stage)]! > fs) s.converted++;
  }
  return {
    cells: sortCells([...cells.values()].map(({ dwell, ...c }) => ({ ...c, dwellMedianMs: median(dwell) }))),
    stages: [...stages.values()].sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage)),
  };
}

/** Canonical cell order: stage order, then most people, then channel and touchpoint names. */
export function sortCells<T extends { stage: string; channel: string; touchpoint: string; people: number }>(cells: T[]): T[] {
  const k = (c: T) => `${c.channel}\u0000${c.touchpoint}`;
  return cells.sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage) || b.people - a.people || (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
}
