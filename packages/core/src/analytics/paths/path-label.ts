import { eventLabel, type AnalyticsEvent } from '../shared/analytics-event.js';
import type { CleaningRule, PathsDefinition } from './paths.schema.js';

/** Apply cleaning rules in order: every match is replaced by the rule's label, literally. */
export function cleanLabel(label: string, rules: readonly CleaningRule[]): string {
  let out = label;
  for (const r of rules) out = out.replace(new RegExp(r.regex, 'gu'), () => r.label);
  return out;
}

/** The node label of an event: its touchpoint or its event label, after cleaning. */
export function pathLabeler(def: Pick<PathsDefinition, 'by' | 'cleaning'>): (e: AnalyticsEvent) => string {
  return (e) => cleanLabel(def.by === 'event' ? eventLabel(e) : e.touchpoint, def.cleaning);
}
