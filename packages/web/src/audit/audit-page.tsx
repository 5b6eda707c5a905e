import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { AUDIT_OUTCOMES, type AuditAnswer, type AuditEntry } from '@trailmap/core';
import { apiGet } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { useCanWrite } from '../journeys/use-admin.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDateTime } from '../people/datetime.js';
import '../people/people.css';
import '../data/data.css';

const FILTERS = ['action', 'actor', 'target', 'outcome', 'since', 'until'] as const;
type Filter = (typeof FILTERS)[number];

/** The audit log (`GET /v1/audit`): filters in the address (shareable), newest first, older pages appended. */
export function AuditPage() {
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const current = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<Filter, string>;
  const [draft, setDraft] = useState(current);
  const key = params.toString();
  useEffect(() => setDraft(current), [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const [before, setBefore] = useState<number | null>(null);
  const [older, setOlder] = useState<AuditEntry[]>([]);
  useEffect(() => {
    setBefore(null);
    setOlder([]);
  }, [key]);
  const q = new URLSearchParams(Object.entries(current).filter(([, v]) => v !== ''));
  // The log needs an admin: a session without one is told so, without asking for what it would be refused.
  const admin = useCanWrite();
  const firstPath = admin ? `/v1/audit?${q}` : null;
  const first = useApi<AuditAnswer>(firstPath, (signal) => apiGet(firstPath!, signal));
  const morePath = before === null ? null : `/v1/audit?${new URLSearchParams([...q, ['before', String(before)]])}`;
  const more = useApi<AuditAnswer>(morePath, (signal) => apiGet(morePath!, signal));
  useEffect(() => {
    if (more.status === 'ok') setOlder((o) => [...o, ...more.data.entries]);
  }, [more.status === 'ok' ? more.data : null]); // eslint-disable-line react-hooks/exhaustive-deps

  const entries = first.status === 'ok' ? [...first.data.entries, ...older] : [];
  const next = before === null ? (first.status === 'ok' ? first.data.next : null) : more.status === 'ok' ? more.data.next : null;
  const apply = (f: Record<Filter, string>) => navigate(`/audit${Object.values(f).some((v) => v) ? `?${new URLSearchParams(Object.entries(f).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]))}` : ''}`);

  return (
    <main className="page audit" aria-labelledby="audit-title" aria-busy={admin !== false && first.status === 'loading'}>
      <header className="page-head">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <p className="subtitle">{t('audit.intro')}</p>
      </header>
      <form
        className="filters"
        aria-label={t('audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        {(['action', 'actor', 'target'] as const).map((f) => (
          <label key={f}>
            {t(`audit.${f}`)}
            <input type="search" value={draft[f]} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} data-testid={`audit-${f}`} />
          </label>
        ))}
        <label>
          {t('audit.outcome')}
          <select value={draft.outcome} onChange={(e) => setDraft({ ...draft, outcome: e.target.value })} data-testid="audit-outcome">
            <option value="">{t('audit.outcome.any')}</option>
            {AUDIT_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        {(['since', 'until'] as const).map((f) => (
          <label key={f}>
            {t(`audit.${f}`)}
            <input type="date" value={draft[f].slice(0, 10)} onChange={(e) => setDraft({ ...draft, [f]: e.target.value })} data-testid={`audit-${f}`} />
          </label>
        ))}
        <button type="submit" className="tm-button" data-testid="audit-apply">
          {t('audit.apply')}
        </button>
        {key && (
          <Link to="/audit" className="tm-button">
            {t('audit.clear')}
          </Link>
        )}
      </form>
      {(admin === null || (admin && first.status === 'loading')) && <Loading />}
      {admin === false && <p className="notice" data-testid="audit-needs-admin">{t('audit.needsAdmin')}</p>}
      {first.status === 'error' && (first.error.status === 403 ? <p className="notice" data-testid="audit-needs-admin">{t('audit.needsAdmin')}</p> : <ErrorState error={first.error} retry={first.retry} />)}
      {first.status === 'ok' && entries.length === 0 && <Empty text={t('audit.empty')} />}
      {entries.length > 0 && (
        <div data-testid="audit-ready">
          <p className="subtitle">{t('audit.shown', { n: String(entries.length) })}</p>
          <div className="grid-scroll">
            <table className="tm-table" data-testid="audit-table">
              <thead>
                <tr>
                  {(['at', 'actor', 'action', 'target', 'outcome', 'origin', 'detail'] as const).map((c) => (
                    <th key={c} scope="col">
                      {t(`audit.col.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} data-id={e.id} data-action={e.action}>
                    <td>{formatDateTime(locale, e.at)}</td>
                    <td><code>{e.actor}</code></td>
                    <td><code>{e.action}</code></td>
                    <td>{e.target ? <code>{e.target}</code> : ''}</td>
                    <td>{e.outcome}</td>
                    <td>{e.origin ?? ''}</td>
                    <td>{Object.keys(e.detail).length ? <code>{JSON.stringify(e.detail)}</code> : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {next !== null && (
            <button type="button" className="tm-button" onClick={() => setBefore(next)} disabled={more.status === 'loading' && before !== null} data-testid="audit-older">
              {t('audit.older')}
            </button>
          )}
          {more.status === 'error' && before !== null && <ErrorState error={more.error} retry={more.retry} />}
        </div>
      )}
    </main>
  );
}
