import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { matchesEvent } from '../shared/event-matcher.js';
import { personMatcher } from '../shared/person-filter.js';
import { inRange } from '../shared/time-range.js';
import { newestEventMs, observationEnd } from '../shared/observation-end.js';
import { periodIndex } from './period-index.js';
import { retentionGrid, retentionGridWithGroups, type RetentionCounts, type RetentionResult } from './retention-grid.js';
import { SEGMENT_BREAKDOWN_GROUPS, segmentBreakdownAsOf, segmentBreakdownRule } from '../shared/segment-breakdown.js';
import { segmentMembersReference } from '../../customers/segments/segment-reference.js';
import type { RetentionDefinition } from './retention.schema.js';

/** Reference counts for a retention definition (the SQL version must produce the same). */
export function retentionCounts(events: readonly AnalyticsEvent[], def: RetentionDefinition, keep: (personId: string) => boolean = () => true): RetentionCounts {
  const unit = def.period;
  const filter = personMatcher(events, def.segment);
  const inSegment = (p: string) => filter(p) && keep(p);
  const to = def.range?.to ? Date.parse(def.range.to) : Infinity;
  let lastMs = -Infinity;
  const starts = new Map<string, Set<number>>();
  const firstStart = new Map<string, number>();
  const returns = new Map<string, Set<number>>();
  const add = (m: Map<string, Set<number>>, p: string, v: number) => {
    let s = m.get(p);
    if (!s) m.set(p, (s = new Set()));
    s.add(v);
  };
  for (const e of events) {
    const within = inRange(e.timestamp, def.range);
    if (within) lastMs = Math.max(lastMs, e.timestamp);
    if (!inSegment(e.personId)) continue;
    if (matchesEvent(e, def.start)) {
      if (def.startMode === 'first_time') firstStart.set(e.personId, Math.min(firstStart.get(e.personId) ?? Infinity, e.timestamp));
      else if (within) add(starts, e.personId, periodIndex(unit, e.timestamp));
    }
    if (e.timestamp < to && matchesEvent(e, def.return)) add(returns, e.personId, periodIndex(unit, e.timestamp));
  }
  for (const [p, ts] of firstStart) if (inRange(ts, def.range)) add(starts, p, periodIndex(unit, ts));

  const sizes = new Map<number, number>();
  const returned = new Map<number, Map<number, number>>();
  const bump = (s: number, d: number) => {
    let m = returned.get(s);
    if (!m) returned.set(s, (m = new Map()));
    m.set(d, (m.get(d) ?? 0) + 1);
  };
  for (const [p, set] of starts) {
    const rs = returns.get(p);
    const rmax = rs ? Math.max(...rs) : -Infinity;
    for (const s of set) {
      sizes.set(s, (sizes.get(s) ?? 0) + 1);
      if (!rs) continue;
      if (def.mode === 'on') {
        for (const r of rs) if (r - s >= 1 && r - s <= def.periods) bump(s, r - s);
      } else if (rmax - s >= 1) bump(s, Math.min(rmax - s, def.periods));
    }
  }
  return { sizes, returned, lastPeriod: lastMs === -Infinity ? null : periodIndex(unit, lastMs), observedEndMs: observationEnd(newestEventMs(events), def.range) };
}

/**
 * Cohort retention computed in memory: the reference the SQL versions are tested against. With a
 * segment breakdown, each group's grid is the same computation over that group's people only.
 */
export function retention(events: readonly AnalyticsEvent[], def: RetentionDefinition): RetentionResult {
  const all = retentionCounts(events, def);
  if (!def.breakdown) return retentionGrid(def, all);
  const members = segmentMembersReference(events, segmentBreakdownRule(def.breakdown), segmentBreakdownAsOf(def.breakdown));
  const g = SEGMENT_BREAKDOWN_GROUPS;
  return retentionGridWithGroups(def, all, [
    [g.in, retentionCounts(events, def, (p) => members.has(p))],
    [g.out, retentionCounts(events, def, (p) => !members.has(p))],
  ]);
}
