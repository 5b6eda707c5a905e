import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { JourneySummary } from '@trailmap/core';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../people/datetime.js';
import { createJourney, listJourneys } from './journeys-api.js';
import { failureText } from './failure-text.js';
import { blankJourney, parseJson } from './journey-templates.js';
import { NeedsAdmin, useCanWrite, useLangHref } from './use-admin.js';
import { StatusBadge } from './status-badge.js';
import '../people/people.css';
import '../data/data.css';
import './journeys.css';

/** The journeys (`GET /v1/journeys`) with their status and counts, and the ways to make one. */
export function JourneysPage() {
  const { t, fmt, locale } = useI18n();
  const list = useApi('/v1/journeys', (signal) => listJourneys(signal));
  const canWrite = useCanWrite();
  const href = useLangHref();
  return (
    <main className="page journeys" aria-labelledby="journeys-title" aria-busy={list.status === 'loading'}>
      <header className="page-head">
        <div>
          <h1 id="journeys-title">{t('journeys.title')}</h1>
          <p className="subtitle">{t('journeys.intro')}</p>
        </div>
        <Link className="tm-button" to={href('/messages')} data-testid="journeys-messages-link">
          {t('msgs.nav')}
        </Link>
      </header>
      {canWrite === false && <NeedsAdmin />}
      {canWrite && <CreateJourney />}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} retry={list.retry} />}
      {list.status === 'ok' && list.data.journeys.length === 0 && <Empty text={t('journeys.empty')} />}
      {list.status === 'ok' && list.data.journeys.length > 0 && (
        <div className="grid-scroll" data-testid="journeys-ready">
          <table className="tm-table" data-testid="journeys-table" aria-labelledby="journeys-title">
            <thead>
              <tr>
                {(['name', 'status', 'liveVersion', 'trigger', 'running', 'entered', 'updated'] as const).map((c) => (
                  <th key={c} scope="col" className={c === 'running' || c === 'entered' ? 'num' : undefined}>
                    {t(`journeys.col.${c}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {list.data.journeys.map((j: JourneySummary) => (
                <tr key={j.id} data-testid="journey-row" data-journey-id={j.id} data-status={j.status}>
                  <th scope="row">
                    <Link to={href(`/journeys/${encodeURIComponent(j.id)}`)} data-testid="journey-link">
                      {j.name}
                    </Link>
                  </th>
                  <td>
                    <StatusBadge status={j.status} />
                  </td>
                  <td>{j.liveVersion === null ? t('journeys.notPublished') : t('journeys.version', { n: j.liveVersion })}</td>
                  <td>{t(`jb.trigger.${j.triggerType}`)}</td>
                  <td className="num">{fmt.int(j.running)}</td>
                  <td className="num">{fmt.int(j.entered)}</td>
                  <td>{formatDateTime(locale, j.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

/** New journey: from the blank template (a name), or from pasted definition JSON. */
function CreateJourney() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const href = useLangHref();
  const [mode, setMode] = useState<'blank' | 'json'>('blank');
  const [name, setName] = useState('');
  const [json, setJson] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let body: unknown;
    if (mode === 'blank') body = blankJourney(name.trim());
    else {
      const parsed = parseJson(json);
      if (!parsed.ok) return setError(t('jb.json.invalid', { message: parsed.message }));
      body = parsed.value;
    }
    setBusy(true);
    try {
      const created = await createJourney(body);
      navigate(href(`/journeys/${encodeURIComponent(created.id)}`));
    } catch (err) {
      setError(failureText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="journey-create" onSubmit={submit} aria-labelledby="journey-create-title" data-testid="journey-create">
      <h2 id="journey-create-title">{t('journeys.create.title')}</h2>
      <fieldset className="mode">
        <legend>{t('journeys.create.from')}</legend>
        {(['blank', 'json'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="journey-create-mode" value={m} checked={mode === m} onChange={() => setMode(m)} data-testid={`journey-create-mode-${m}`} />
            {t(`journeys.create.${m}`)}
          </label>
        ))}
      </fieldset>
      {mode === 'blank' ? (
        <label>
          {t('journeys.create.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} data-testid="journey-create-name" />
        </label>
      ) : (
        <label className="json-label">
          {t('journeys.create.json')}
          <textarea value={json} onChange={(e) => setJson(e.target.value)} rows={12} spellCheck={false} required data-testid="journey-create-json" />
        </label>
      )}
      <div>
        <button type="submit" className="tm-button primary" disabled={busy || (mode === 'blank' ? name.trim() === '' : json.trim() === '')} data-testid="journey-create-submit">
          {t('journeys.create.submit')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error" data-testid="journey-create-error">
          {t('journeys.create.failed', { message: error })}
        </p>
      )}
    </form>
  );
}
