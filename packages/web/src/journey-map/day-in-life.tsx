import { useState, type FormEvent } from 'react';
import { apiGet } from '../api/client.js';
import type { JourneyMapResult } from '../api/types.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { cellKey } from './map-mode.js';

/** `GET /v1/people?q=` rows and the part of `GET /v1/profiles/:id` the map uses (docs/api.md). */
interface PersonRow {
  personId: string;
  identities: string[];
  email: string | null;
  name: string | null;
  events: number;
  lastSeen: string;
}
interface TimelineEvent {
  timestamp: string;
  type: string;
  event: string | null;
  touchpoint: string;
  channel: string;
  stage: string;
  messageId: string;
}
export interface PersonProfile {
  id: string;
  identities: Array<{ type: string; id: string }>;
  traits: Record<string, unknown>;
  eventCount: number;
  timeline: TimelineEvent[];
}

/** A timeline event in time order (1 = earliest shown) and whether it lands on a cell of the map. */
export interface DayStep {
  n: number;
  timestamp: string;
  event: TimelineEvent;
  onMap: boolean;
}

/** The person's timeline (newest first from the API) in time order, each event matched to a map cell. */
export function daySteps(profile: PersonProfile, map: JourneyMapResult): DayStep[] {
  const cells = new Set(map.cells.map(cellKey));
  return [...profile.timeline]
    .sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.messageId < b.messageId ? -1 : 1))
    .map((e, i) => ({ n: i + 1, timestamp: e.timestamp, event: e, onMap: cells.has(cellKey(e)) }));
}

/** Cell key → the steps that hit it, in order. */
export function visitsByCell(steps: DayStep[]): Map<string, DayStep[]> {
  const m = new Map<string, DayStep[]>();
  for (const s of steps) if (s.onMap) m.set(cellKey(s.event), [...(m.get(cellKey(s.event)) ?? []), s]);
  return m;
}

export function useProfile(person: string | null) {
  return useApi<PersonProfile>(person === null ? null : `profile:${person}`, (signal) => apiGet(`/v1/profiles/${encodeURIComponent(person!)}`, signal));
}

/** Time of a step: date and time in UTC like the rest of the app, in the UI locale. */
export function useStepTime() {
  const { locale } = useI18n();
  const f = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return (iso: string) => f.format(new Date(iso));
}

/** Find a person (`GET /v1/people?q=`) and pick one; the choice goes into the URL (`person=`). */
export function PersonPicker({ person, query, onSearch, onPick }: { person: string | null; query: string; onSearch(q: string): void; onPick(id: string): void }) {
  const { t, fmt } = useI18n();
  const [text, setText] = useState(query);
  const found = useApi<{ people: PersonRow[] }>(query ? `people:${query}` : null, (signal) => apiGet(`/v1/people?q=${encodeURIComponent(query)}&limit=10`, signal));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(text.trim());
  };
  return (
    <section className="day-picker" aria-label={t('jmx.day.pick')}>
      <form role="search" onSubmit={submit}>
        <label>
          {t('jmx.day.search')}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('jmx.day.searchHint')} data-testid="day-search" />
        </label>
        <button type="submit" data-testid="day-search-submit">
          {t('jmx.day.find')}
        </button>
      </form>
      {query && found.status === 'loading' && <Loading />}
      {query && found.status === 'error' && <ErrorState error={found.error} retry={found.retry} />}
      {query && found.status === 'ok' && found.data.people.length === 0 && <Empty text={t('jmx.day.noPeople')} />}
      {query && found.status === 'ok' && found.data.people.length > 0 && (
        <ul className="people-found">
          {found.data.people.map((p) => (
            <li key={p.personId}>
              <button type="button" aria-pressed={p.personId === person} onClick={() => onPick(p.personId)} data-testid="day-person" data-person={p.personId}>
                <b>{p.name ?? p.email ?? p.identities[0] ?? p.personId}</b>{' '}
                <span>{t('jmx.day.personMeta', { id: p.personId, events: fmt.int(p.events) })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {!query && !person && <p className="hint">{t('jmx.day.intro')}</p>}
    </section>
  );
}

/** The person's steps in time order, each with where it lands on the map (or that it does not). */
export function DayTimeline({ profile, steps }: { profile: PersonProfile; steps: DayStep[] }) {
  const { t, fmt, label } = useI18n();
  const time = useStepTime();
  const cells = new Set(steps.filter((s) => s.onMap).map((s) => cellKey(s.event)));
  return (
    <section className="day-timeline" aria-label={t('jmx.day.timeline')} data-testid="day-timeline">
      <h2>{t('jmx.day.title', { person: profile.id })}</h2>
      <p className="hint" data-testid="day-summary">
        {t('jmx.day.summary', { shown: fmt.int(steps.length), total: fmt.int(profile.eventCount), cells: fmt.int(cells.size) })}
      </p>
      {steps.length === 0 ? (
        <Empty text={t('jmx.day.noEvents')} />
      ) : (
        <ol className="day-steps">
          {steps.map((s) => (
            <li key={s.event.messageId} className={s.onMap ? 'on-map' : 'off-map'} data-testid="day-step">
              <span className="step-n">{fmt.int(s.n)}</span>
              <time dateTime={s.timestamp}>{time(s.timestamp)}</time>
              <span>{t('jm.flag.where', { touchpoint: s.event.touchpoint, channel: label('channel', s.event.channel), stage: label('stage', s.event.stage) })}</span>
              {!s.onMap && <span className="off-map-note">{t('jmx.day.offMap')}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
