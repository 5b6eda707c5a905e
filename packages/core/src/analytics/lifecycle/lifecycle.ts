import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { matchesEvent } from '../shared/event-matcher.js';
import { personMatcher } from '../shared/person-filter.js';
import { periodIndex } from '../retention/period-index.js';
import { newestEventMs, observationEnd } from '../shared/observation-end.js';
import { emptyStatus, lifecycleRows, type LifecycleCounts, type LifecycleResult, type LifecycleStatus } from './lifecycle-result.js';
import type { LifecycleDefinition } from './lifecycle.schema.js';

/**
 * Reference lifecycle counts. Activity is every matching event before `range.to` (history
 * before `range.from` decides who is new); the last period is that of the last event of any
 * kind before `range.to`.
 */
export function lifecycleCounts(events: readonly AnalyticsEvent[], def: LifecycleDefinition): LifecycleCounts {
  const unit = def.period;
  const to = def.range?.to ? Date.parse(def.range.to) : Infinity;
  const inSegment = personMatcher(events, def.segment);
  let lastMs = -Infinity;
  const active = new Map<string, Set<number>>();
  for (const e of events) {
    if (e.timestamp >= to) continue;
    lastMs = Math.max(lastMs, e.timestamp);
    if (!inSegment(e.personId) || !matchesEvent(e, def.event)) continue;
    let s = active.get(e.personId);
    if (!s) active.set(e.personId, (s = new Set()));
    s.add(periodIndex(unit, e.timestamp));
  }
  const byPeriod = new Map<number, Record<LifecycleStatus, number>>();
  const bump = (p: number, k: LifecycleStatus) => {
    let r = byPeriod.get(p);
    if (!r) byPeriod.set(p, (r = emptyStatus()));
    r[k]++;
  };
  let firstActive: number | null = null;
  for (const set of active.values()) {
    const ps = [...set].sort((a, b) => a - b);
    firstActive = Math.min(firstActive ?? Infinity, ps[0]!);
    ps.forEach((p, i) => {
      bump(p, i === 0 ? 'new' : ps[i - 1] === p - 1 ? 'returning' : 'resurrecting');
      if (ps[i + 1] !== p + 1) bump(p + 1, 'dormant');
    });
  }
  return { byPeriod, firstActive, lastPeriod: lastMs === -Infinity ? null : periodIndex(unit, lastMs), observedEndMs: observationEnd(newestEventMs(events), def.range) };
}

/** First reported period: that of `range.from`, else the first activity. */
export const lifecycleFrom = (def: LifecycleDefinition): number | null => (def.range?.from ? periodIndex(def.period, Date.parse(def.range.from)) : null);

/** Lifecycle computed in memory: the reference the SQL versions are tested against. */
export const lifecycle = (events: readonly AnalyticsEvent[], def: LifecycleDefinition): LifecycleResult =>
  lifecycleRows(def.period, lifecycleCounts(events, def), lifecycleFrom(def));
