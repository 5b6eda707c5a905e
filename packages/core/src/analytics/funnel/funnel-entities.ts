import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { matchesEvent, type EventMatcher } from '../shared/event-matcher.js';
import type { FunnelDefinition } from './funnel.schema.js';

/** How one entity (a person or a session) went through the funnel. */
export interface FunnelEntity {
  entity: string;
  personId: string;
  /** Furthest step reached (1-based; 0 = never entered). */
  maxStep: number;
  /** Step-1 time (ms) of the conversion the entity is judged by (see `entityFunnel`). */
  startMs: number;
  /** Times (ms) of steps 1..maxStep in that conversion (empty for order "any"). */
  stepTimes: number[];
  /** Events eligible to give the breakdown value: step-1 events at `startMs` (order "any": anchors at `startMs`). */
  startEvents: AnalyticsEvent[];
}

/** Per step level: (row time, chain start) of every event that validly reached that level. */
type Levels = Array<Array<{ ts: number; start: number }>>;

/**
 * Sequential mode, exactly ClickHouse's `windowFunnel(window)`: every (event, matching step)
 * pair becomes an entry sorted by (timestamp, step index); a step-1 entry (re)starts the chain
 * at its time; a step-i entry extends the chain of level i-1 when its time ≤ that chain's
 * start + window. Unlike windowFunnel it does not stop at the last step, so that every valid
 * (entry, start) pair is known for the step times.
 */
function sequentialLevels(list: readonly AnalyticsEvent[], steps: readonly EventMatcher[], windowMs: number): Levels {
  const entries: Array<{ ts: number; step: number }> = [];
  for (const e of list) steps.forEach((m, j) => matchesEvent(e, m) && entries.push({ ts: e.timestamp, step: j }));
  entries.sort((a, b) => a.ts - b.ts || a.step - b.step);
  const current: Array<number | undefined> = new Array(steps.length).fill(undefined);
  const levels: Levels = steps.map(() => []);
  for (const { ts, step } of entries) {
    const start = step === 0 ? ts : current[step - 1];
    if (start === undefined || ts - start > windowMs) continue;
    current[step] = start;
    levels[step]!.push({ ts, start });
  }
  return levels;
}

/**
 * Strict mode: a conversion is a run of consecutive events of the entity (in (timestamp,
 * messageId) order, counting every event in the range, matching or not) where the k-th event
 * matches step k and lies within the window of the first.
 */
function strictLevels(list: readonly AnalyticsEvent[], steps: readonly EventMatcher[], windowMs: number): Levels {
  const levels: Levels = steps.map(() => []);
  let prev: Array<number | undefined> = [];
  for (const e of list) {
    const cur = steps.map((m, j) => {
      if (!matchesEvent(e, m)) return undefined;
      const start = j === 0 ? e.timestamp : prev[j - 1];
      return start !== undefined && e.timestamp - start <= windowMs ? start : undefined;
    });
    cur.forEach((start, j) => start !== undefined && levels[j]!.push({ ts: e.timestamp, start }));
    prev = cur;
  }
  return levels;
}

/**
 * The conversion an entity is judged by: among chains reaching its furthest step, the one with
 * the latest start; step j's time is the earliest event reaching level j in that chain.
 */
function fromLevels(entity: string, list: readonly AnalyticsEvent[], steps: readonly EventMatcher[], levels: Levels): FunnelEntity {
  let maxStep = 0;
  levels.forEach((l, j) => l.length > 0 && (maxStep = j + 1));
  const personId = list[0]?.personId ?? '';
  if (maxStep === 0) return { entity, personId, maxStep, startMs: 0, stepTimes: [], startEvents: [] };
  const start = Math.max(...levels[maxStep - 1]!.map((r) => r.start));
  const stepTimes = levels.slice(0, maxStep).map((l) => Math.min(...l.filter((r) => r.start === start).map((r) => r.ts)));
  const startEvents = list.filter((e) => e.timestamp === start && matchesEvent(e, steps[0]!));
  return { entity, personId, maxStep, startMs: start, stepTimes, startEvents };
}

/**
 * Any order: from each event matching some step (the anchor), count the distinct steps with a
 * matching event at or after the anchor and within the window; the entity reaches as many
 * steps as its best anchor (earliest best anchor gives the start time).
 */
function anyOrder(entity: string, list: readonly AnalyticsEvent[], steps: readonly EventMatcher[], windowMs: number): FunnelEntity {
  const hits = list.map((e) => steps.map((m) => matchesEvent(e, m)));
  let best = 0;
  let startMs = 0;
  const reach = list.map((e, r) => {
    if (!hits[r]!.some(Boolean)) return 0;
    let k = 0;
    for (let j = 0; j < steps.length; j++) if (list.some((x, q) => hits[q]![j] && x.timestamp >= e.timestamp && x.timestamp - e.timestamp <= windowMs)) k++;
    if (k > best || (k === best && k > 0 && e.timestamp < startMs)) [best, startMs] = [k, e.timestamp];
    return k;
  });
  const startEvents = list.filter((e, r) => best > 0 && reach[r] === best && e.timestamp === startMs);
  return { entity, personId: list[0]?.personId ?? '', maxStep: best, startMs, stepTimes: [], startEvents };
}

/** How one entity's events (in canonical order) went through the funnel, before exclusions. */
export function entityFunnel(entity: string, list: readonly AnalyticsEvent[], d: FunnelDefinition): FunnelEntity {
  if (d.order === 'any') return anyOrder(entity, list, d.steps, d.window);
  const levels = d.order === 'strict' ? strictLevels(list, d.steps, d.window) : sequentialLevels(list, d.steps, d.window);
  return fromLevels(entity, list, d.steps, levels);
}

/**
 * Exclusions: the entity leaves the funnel when an event matching an exclusion lies strictly
 * after its step-`from` time and strictly before its step-`to` time; when it never reached step
 * `to`, strictly after step `from` and at most start + window.
 */
export function isExcluded(f: FunnelEntity, list: readonly AnalyticsEvent[], d: FunnelDefinition): boolean {
  return d.exclusions.some((x) => {
    if (f.maxStep < x.from) return false;
    const lo = f.stepTimes[x.from - 1]!;
    const reached = f.maxStep >= x.to;
    const hi = reached ? f.stepTimes[x.to - 1]! : f.startMs + d.window;
    return list.some((e) => e.timestamp > lo && (reached ? e.timestamp < hi : e.timestamp <= hi) && matchesEvent(e, x.step));
  });
}
