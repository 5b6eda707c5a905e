import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiFailure } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatDateTime } from '../people/datetime.js';
import { useI18n } from '../i18n/i18n.js';
import { createDashboard, listDashboards } from './insights-api.js';
import './insights.css';

/** `/dashboards`: every dashboard, and a form to make one. */
export function DashboardsPage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const list = useApi('dashboards', (signal) => listDashboards(signal));
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <main className="page dashboards" aria-busy={list.status === 'loading'}>
      <header className="page-head">
        <div>
          <h1>{t('dash.title')}</h1>
          <p className="subtitle">{t('dash.intro')}</p>
        </div>
      </header>
      <form
        className="filters"
        aria-label={t('dash.new')}
        onSubmit={(e) => {
          e.preventDefault();
          createDashboard({ name: name.trim() }).then(
            (d) => navigate(`/dashboards/${encodeURIComponent(d.id)}`),
            (err: unknown) => setError(t('ins.save.failed', { message: err instanceof ApiFailure ? err.message : String(err) })),
          );
        }}
      >
        <label>
          {t('dash.new.name')}
          <input data-testid="dashboard-new-name" value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit" data-testid="dashboard-create" disabled={name.trim() === ''}>
          {t('dash.create')}
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} retry={list.retry} />}
      {list.status === 'ok' && list.data.dashboards.length === 0 && <Empty text={t('dash.empty')} />}
      {list.status === 'ok' && list.data.dashboards.length > 0 && (
        <ul className="dashboard-list" data-testid="dashboards-list">
          {list.data.dashboards.map((d) => (
            <li key={d.id} data-testid="dashboard-item">
              <Link to={`/dashboards/${encodeURIComponent(d.id)}`}>{d.name}</Link>
              <span className="help">
                {' '}
                · {t('dash.tiles', { n: d.tiles })} · {formatDateTime(locale, d.updatedAt)}
              </span>
              {d.description && <p className="help">{d.description}</p>}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
