import { STAGES, type Stage } from '../../touchpoint/vocabulary.js';
import type { AnalyticsEvent } from '../shared/analytics-event.js';
import { personMatcher, type PersonFilter } from '../shared/person-filter.js';
import { propertyText } from '../shared/property-filter.js';
import { inRange, type TimeRange } from '../shared/time-range.js';
import { VOICE_EVENTS, type ResponseGroup } from './experience-scores.js';

/** Message types that are bookkeeping, not something the customer experiences. */
export const NON_STEP_TYPES = ['identify', 'alias', 'group'] as const;

/**
 * A journey step: an event the customer experienced at a touchpoint. Identify/alias/group calls
 * and the voice-of-customer events (surveys, feedback: they rate steps, they are not steps) are
 * left out, and so are stages outside the vocabulary.
 */
export function isJourneyStep(e: AnalyticsEvent): boolean {
  if ((NON_STEP_TYPES as readonly string[]).includes(e.type)) return false;
  if (e.type === 'track' && e.event !== null && (VOICE_EVENTS as readonly string[]).includes(e.event)) return false;
  return stageIndex(e.stage) >= 0;
}

/** Position of a stage in the canonical order (`STAGES`), −1 when not a known stage. */
export const stageIndex = (stage: string): number => (STAGES as readonly string[]).indexOf(stage as Stage);

/** The events of people in the segment (latest traits over all time) that fall in the period. */
export function scopedEvents(events: readonly AnalyticsEvent[], segment: PersonFilter | undefined, period: TimeRange | undefined): AnalyticsEvent[] {
  const inSegment = personMatcher(events, segment);
  return events.filter((e) => inRange(e.timestamp, period) && inSegment(e.personId));
}

/**
 * Voice-of-customer responses of the scoped events, counted by what they said (reference for
 * the SQL version). `groupOf` gives the respondent's group (null: no grouping).
 */
export function responseGroups(scoped: readonly AnalyticsEvent[], groupOf?: (personId: string) => string | null): ResponseGroup[] {
  const out = new Map<string, ResponseGroup>();
  for (const e of scoped) {
    if (e.type !== 'track' || !(VOICE_EVENTS as readonly (string | null)[]).includes(e.event)) continue;
    const touchpoint = propertyText(e.properties.touchpoint);
    if (touchpoint === null) continue;
    const survey = e.event === 'Survey Responded';
    const scoreText = survey ? propertyText(e.properties.score) : null;
    const score = scoreText === null || scoreText.trim() === '' || !Number.isFinite(Number(scoreText)) ? null : Number(scoreText);
    const g: ResponseGroup = {
      touchpoint,
      channel: e.channel,
      group: groupOf ? groupOf(e.personId) : null,
      survey: survey ? propertyText(e.properties.survey) : null,
      score,
      text: survey ? null : propertyText(e.properties.text),
      language: survey ? null : propertyText(e.properties.language),
      n: 0,
    };
    const key = JSON.stringify([g.touchpoint, g.channel, g.group, g.survey, g.score, g.text, g.language]);
    const cur = out.get(key);
    if (cur) cur.n++;
    else out.set(key, { ...g, n: 1 });
  }
  return [...out.values()];
}

/** Sort response groups canonically (tests compare engine output with the reference). */
export function sortResponseGroups(rows: ResponseGroup[]): ResponseGroup[] {
  const k = (g: ResponseGroup) => JSON.stringify([g.touchpoint, g.channel, g.group, g.survey, g.score, g.text, g.language]);
  return rows.sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0));
}
