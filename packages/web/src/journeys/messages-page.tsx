import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { MESSAGE_CHANNELS, MESSAGE_STATUSES, type JourneyMessage, type JourneyMessagesAnswer } from '@trailmap/core';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../people/datetime.js';
import { listJourneys, listMessages, messagesPath, type MessageFilters } from './journeys-api.js';
import { useLangHref } from './use-admin.js';
import '../people/people.css';
import '../data/data.css';
import './journeys.css';

const FILTERS = ['journeyId', 'status', 'channel', 'personId'] as const;
const CHANNELS = [...MESSAGE_CHANNELS, 'webhook'] as const;
const COLUMNS = ['created', 'status', 'reason', 'channel', 'person', 'journey', 'step', 'attempts', 'lastError', 'sent', 'updated'] as const;

/** The journeys' messages (`GET /v1/messages`): filters in the address, newest first, older pages appended with the cursor. */
export function MessagesPage() {
  const { t, locale, fmt } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const href = useLangHref();
  const current = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as unknown as MessageFilters;
  const key = FILTERS.map((f) => current[f]).join('\u0000');
  const [draft, setDraft] = useState(current);
  useEffect(() => setDraft(current), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const [cursor, setCursor] = useState<string | null>(null);
  const [older, setOlder] = useState<JourneyMessage[]>([]);
  useEffect(() => {
    setCursor(null);
    setOlder([]);
  }, [key]);
  const firstPath = messagesPath(current, null);
  const first = useApi<JourneyMessagesAnswer>(firstPath, (signal) => listMessages(firstPath, signal));
  const morePath = cursor === null ? null : messagesPath(current, cursor);
  const more = useApi<JourneyMessagesAnswer>(morePath, (signal) => listMessages(morePath!, signal));
  useEffect(() => {
    if (more.status === 'ok') setOlder((o) => [...o, ...more.data.messages]);
  }, [more.status === 'ok' ? more.data : null]); // eslint-disable-line react-hooks/exhaustive-deps
  const journeys = useApi('/v1/journeys', (signal) => listJourneys(signal));
  const names = new Map(journeys.status === 'ok' ? journeys.data.journeys.map((j) => [j.id, j.name]) : []);

  const messages = first.status === 'ok' ? [...first.data.messages, ...older] : [];
  const next = cursor === null ? (first.status === 'ok' ? first.data.next : null) : more.status === 'ok' ? more.data.next : null;
  const apply = (f: MessageFilters) => {
    const q = new URLSearchParams(params);
    for (const k of FILTERS) (f[k].trim() ? q.set(k, f[k].trim()) : q.delete(k));
    navigate(`/messages${q.size ? `?${q}` : ''}`);
  };
  const clearHref = href('/messages');
  const journeyName = current.journeyId ? (names.get(current.journeyId) ?? current.journeyId) : null;

  return (
    <main className="page messages" aria-labelledby="messages-title" aria-busy={first.status === 'loading'}>
      <header className="page-head">
        <div>
          <h1 id="messages-title">{journeyName ? t('msgs.titleFor', { name: journeyName }) : t('msgs.title')}</h1>
          <p className="subtitle">{t('msgs.intro')}</p>
        </div>
        {current.journeyId && (
          <Link className="tm-button" to={href(`/journeys/${encodeURIComponent(current.journeyId)}`)} data-testid="messages-builder-link">
            {t('msgs.toBuilder')}
          </Link>
        )}
      </header>
      <form
        className="filters"
        aria-label={t('msgs.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <label>
          {t('msgs.col.journey')}
          <select value={draft.journeyId} onChange={(e) => setDraft({ ...draft, journeyId: e.target.value })} data-testid="messages-journey">
            <option value="">{t('msgs.any')}</option>
            {draft.journeyId && !names.has(draft.journeyId) && <option value={draft.journeyId}>{draft.journeyId}</option>}
            {[...names].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('msgs.col.status')}
          <select value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })} data-testid="messages-status">
            <option value="">{t('msgs.any')}</option>
            {MESSAGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`msgs.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('msgs.col.channel')}
          <select value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: e.target.value })} data-testid="messages-channel">
            <option value="">{t('msgs.any')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {t(`jb.channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('msgs.col.person')}
          <input type="search" value={draft.personId} onChange={(e) => setDraft({ ...draft, personId: e.target.value })} data-testid="messages-person" />
        </label>
        <button type="submit" className="tm-button" data-testid="messages-apply">
          {t('msgs.apply')}
        </button>
        {key.replace(/\u0000/g, '') && (
          <Link to={clearHref} className="tm-button">
            {t('msgs.clear')}
          </Link>
        )}
      </form>
      {first.status === 'loading' && <Loading />}
      {first.status === 'error' && <ErrorState error={first.error} retry={first.retry} />}
      {first.status === 'ok' && messages.length === 0 && (
        <div data-testid="messages-ready" data-count="0">
          <Empty text={t('msgs.empty')} />
        </div>
      )}
      {messages.length > 0 && (
        <div data-testid="messages-ready" data-count={messages.length}>
          <p className="subtitle">{t('msgs.shown', { n: fmt.int(messages.length) })}</p>
          <div className="grid-scroll">
            <table className="tm-table" data-testid="messages-table" aria-labelledby="messages-title">
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c} scope="col" className={c === 'attempts' ? 'num' : undefined}>
                      {t(`msgs.col.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {messages.map((m) => (
                  <tr key={m.id} data-testid="message-row" data-id={m.id} data-status={m.status} data-step-id={m.stepId}>
                    <td className="nowrap">{formatDateTime(locale, m.createdAt)}</td>
                    <td>
                      <span className={`msg-status ${m.status}`}>{t(`msgs.status.${m.status}`)}</span>
                      {m.transactional && <span className="chip">{t('msgs.transactional')}</span>}
                    </td>
                    <td>{m.reason ? t(`msgs.reason.${m.reason}`) : ''}</td>
                    <td>{t(`jb.channel.${m.channel}`)}</td>
                    <td>
                      <code>{m.personId}</code>
                    </td>
                    <td className="nowrap">
                      <Link to={href(`/journeys/${encodeURIComponent(m.journeyId)}`)}>{names.get(m.journeyId) ?? m.journeyId}</Link> <span className="subtitle">{t('journeys.version', { n: m.version })}</span>
                    </td>
                    <td>
                      <code>{m.stepId}</code>
                    </td>
                    <td className="num">{fmt.int(m.attempts)}</td>
                    <td className="wrap">{m.lastError ?? ''}</td>
                    <td className="nowrap">{m.sentAt ? formatDateTime(locale, m.sentAt) : ''}</td>
                    <td className="nowrap">{formatDateTime(locale, m.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {next !== null && (
            <button type="button" className="tm-button" onClick={() => setCursor(next)} disabled={more.status === 'loading' && cursor !== null} data-testid="messages-older">
              {t('msgs.older')}
            </button>
          )}
          {more.status === 'error' && cursor !== null && <ErrorState error={more.error} retry={more.retry} />}
        </div>
      )}
    </main>
  );
}
