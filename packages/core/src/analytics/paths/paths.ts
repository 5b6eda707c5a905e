import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { matchesEvent } from '../shared/event-matcher.js';
import { personMatcher } from '../shared/person-filter.js';
import { byPersonInOrder, sessionIds } from '../shared/sessions.js';
import { inRange } from '../shared/time-range.js';
import { pathLabeler } from './path-label.js';
import { nodeId, pathsGraph, rankTopPaths, type PathPeopleCounts, type PathStepCount, type PathsResult } from './paths-graph.js';
import { pathsMode, type PathsDefinition } from './paths.schema.js';

/** Event types that are steps of a path: actions, not identify/alias/group bookkeeping. */
export const PATH_EVENT_TYPES: readonly string[] = ['track', 'page', 'screen'];

/** One session's steps: run labels, and for each event the index of its run. */
interface SessionSteps {
  events: AnalyticsEvent[];
  labels: string[];
  stepOf: number[];
}

function toSteps(events: AnalyticsEvent[], label: (e: AnalyticsEvent) => string): SessionSteps {
  const labels: string[] = [];
  const stepOf = events.map((e) => {
    const l = label(e);
    if (labels.length === 0 || labels[labels.length - 1] !== l) labels.push(l);
    return labels.length - 1;
  });
  return { events, labels, stepOf };
}

/** The [from, to] step indexes of a session's path and its anchor step, or null when it has none. */
function pathWindow(s: SessionSteps, def: PathsDefinition): { from: number; to: number; anchor: number } | null {
  const mode = pathsMode(def);
  const last = s.labels.length - 1;
  const first = (m: NonNullable<PathsDefinition['start']>, after = -1) => s.events.findIndex((e, i) => i > after && matchesEvent(e, m));
  if (mode === 'before') {
    const i = first(def.end!);
    if (i < 0) return null;
    const e = s.stepOf[i]!;
    return { from: Math.max(0, e - def.depth), to: e, anchor: e };
  }
  const si = first(def.start ?? {});
  if (si < 0) return null;
  const a = s.stepOf[si]!;
  if (mode === 'after') return { from: a, to: Math.min(last, a + def.depth), anchor: a };
  const ei = first(def.end!, si);
  if (ei < 0 || s.stepOf[ei]! - a > def.depth) return null;
  return { from: a, to: s.stepOf[ei]!, anchor: a };
}

/** Each session's path: its window of step labels, the anchor's position in it, and its person. */
function* sessionPaths(events: readonly AnalyticsEvent[], def: PathsDefinition): Generator<{ labels: string[]; anchor: number; person: string }> {
  const inSegment = personMatcher(events, def.segment);
  const label = pathLabeler(def);
  const excluded = new Set(def.exclude);
  const kept = events.filter((e) => PATH_EVENT_TYPES.includes(e.type) && inRange(e.timestamp, def.range) && inSegment(e.personId) && !excluded.has(label(e)));
  const session = sessionIds(kept);
  for (const list of byPersonInOrder(kept).values()) {
    const sessions = new Map<string, AnalyticsEvent[]>();
    for (const e of list) {
      const id = session.get(e.messageId)!;
      const s = sessions.get(id);
      if (s) s.push(e);
      else sessions.set(id, [e]);
    }
    for (const evs of sessions.values()) {
      const s = toSteps(evs, label);
      const w = pathWindow(s, def);
      if (w) yield { labels: s.labels.slice(w.from, w.to + 1), anchor: w.anchor - w.from, person: evs[0]!.personId };
    }
  }
}

/** Reference step counts of a paths definition (the SQL version must produce the same). */
export function pathStepCounts(events: readonly AnalyticsEvent[], def: PathsDefinition): PathStepCount[] {
  const counts = new Map<string, PathStepCount & { people: Set<string> }>();
  for (const { labels, anchor, person } of sessionPaths(events, def)) {
    labels.forEach((label, k) => {
      const row = { depth: k - anchor, label, next: k + 1 < labels.length ? labels[k + 1]! : null };
      const key = JSON.stringify([row.depth, row.label, row.next]);
      let c = counts.get(key);
      if (!c) counts.set(key, (c = { ...row, count: 0, people: new Set() }));
      c.count++;
      c.people.add(person);
    });
  }
  const byPerson = def.countBy === 'person';
  return [...counts.values()].map(({ people, ...r }) => ({ ...r, count: byPerson ? people.size : r.count }));
}

/** Reference distinct people per node and in all (for `countBy: 'person'`). */
export function pathPeopleCounts(events: readonly AnalyticsEvent[], def: PathsDefinition): PathPeopleCounts {
  const nodes = new Map<string, Set<string>>();
  const all = new Set<string>();
  for (const { labels, anchor, person } of sessionPaths(events, def)) {
    all.add(person);
    labels.forEach((label, k) => {
      const id = nodeId(k - anchor, label);
      const s = nodes.get(id) ?? new Set<string>();
      s.add(person);
      nodes.set(id, s);
    });
  }
  return { nodes: new Map([...nodes].map(([id, s]) => [id, s.size])), total: all.size };
}

/** Reference complete paths with their counts (all of them; `rankTopPaths` orders and cuts). */
export function pathSequenceCounts(events: readonly AnalyticsEvent[], def: PathsDefinition): Array<{ steps: string[]; count: number }> {
  const counts = new Map<string, { steps: string[]; count: number; people: Set<string> }>();
  for (const { labels, person } of sessionPaths(events, def)) {
    const key = JSON.stringify(labels);
    let c = counts.get(key);
    if (!c) counts.set(key, (c = { steps: labels, count: 0, people: new Set() }));
    c.count++;
    c.people.add(person);
  }
  return [...counts.values()].map((c) => ({ steps: c.steps, count: def.countBy === 'person' ? c.people.size : c.count }));
}

/** Paths computed in memory: the reference the SQL versions are tested against. */
export function paths(events: readonly AnalyticsEvent[], def: PathsDefinition): PathsResult {
  const result = pathsGraph(def, pathStepCounts(events, def), def.countBy === 'person' ? pathPeopleCounts(events, def) : undefined);
  if (def.topPaths > 0) result.topPaths = rankTopPaths(pathSequenceCounts(events, def), def.topPaths, result.totalPaths);
  return result;
}
