import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { DASHBOARD_COLUMNS, type Dashboard } from '@trailmap/core';
import { ApiFailure } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { ErrorState, Loading } from '../components/states.js';
import { formatDateTime } from '../people/datetime.js';
import { useI18n } from '../i18n/i18n.js';
import { deleteDashboard, getDashboard, listInsights, updateDashboard } from './insights-api.js';
import { InsightView } from './insight-view.js';
import { Missing } from './insight-page.js';
import './insights.css';

type Tiles = Array<{ insightId: string; width: number }>;
const tilesOf = (d: Dashboard): Tiles => d.tiles.map((t) => ({ insightId: t.insightId, width: t.width }));

/**
 * `/dashboards/:id`, the dashboard's stable link: its saved insights in a grid, each run again
 * on open (and on Refresh); tiles can be added, moved earlier and removed.
 */
export function DashboardPage() {
  const { t, locale } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [version, setVersion] = useState(0);
  const loaded = useApi(`dashboard:${id}:${version}`, (signal) => getDashboard(id, signal));
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [asOf, setAsOf] = useState(() => new Date().toISOString());
  const [error, setError] = useState<string | null>(null);
  const fresh = loaded.status === 'ok' ? loaded.data : null;
  useEffect(() => {
    if (fresh) setDashboard(fresh);
  }, [fresh]);

  if (loaded.status === 'loading' && !dashboard) return <main className="page"><Loading /></main>;
  if (loaded.status === 'error' && loaded.error.status === 404) return <Missing text={t('dash.notFound')} back="/dashboards" backText={t('dash.back')} />;
  if (loaded.status === 'error') return <main className="page"><ErrorState error={loaded.error} retry={loaded.retry} /></main>;
  if (!dashboard) return <main className="page"><Loading /></main>;

  const change = (patch: Parameters<typeof updateDashboard>[1]) =>
    updateDashboard(dashboard.id, patch).then(
      (d) => (setDashboard(d), setError(null)),
      (e: unknown) => setError(t('ins.save.failed', { message: e instanceof ApiFailure ? e.message : String(e) })),
    );
  const tiles = tilesOf(dashboard);

  return (
    <main className="page dashboard" data-testid="dashboard" data-dashboard-id={dashboard.id}>
      <header className="page-head">
        <div>
          <h1 data-testid="dashboard-name">{dashboard.name}</h1>
          {dashboard.description && <p className="subtitle">{dashboard.description}</p>}
          <p className="help" data-testid="dashboard-as-of">
            {t('dash.refreshed', { at: formatDateTime(locale, asOf) })} · <Link to={`/dashboards/${encodeURIComponent(dashboard.id)}`}>{t('dash.link')}</Link>
          </p>
        </div>
        <div className="dashboard-actions">
          <button type="button" data-testid="dashboard-refresh" onClick={() => (setRefresh((r) => r + 1), setAsOf(new Date().toISOString()))}>
            {t('dash.refresh')}
          </button>
          <Rename name={dashboard.name} rename={(name) => void change({ name })} />
          <button
            type="button"
            data-testid="dashboard-delete"
            onClick={() => {
              if (window.confirm(t('dash.delete.confirm', { name: dashboard.name }))) void deleteDashboard(dashboard.id).then(() => navigate('/dashboards'));
            }}
          >
            {t('dash.delete')}
          </button>
        </div>
      </header>
      {error && <p role="alert">{error}</p>}
      <AddTile add={(insightId, width) => void change({ tiles: [...tiles, { insightId, width }] })} />
      {dashboard.tiles.length === 0 ? (
        <p className="state">{t('dash.noTiles')}</p>
      ) : (
        <div className="dashboard-grid" data-testid="dashboard-grid">
          {dashboard.tiles.map((tile, i) => (
            <section key={`${i}:${tile.insightId}`} className={`dashboard-tile span-${Math.min(DASHBOARD_COLUMNS, tile.width)}`} aria-label={tile.insight.name} data-testid="dashboard-tile" data-insight-id={tile.insightId}>
              <header className="tile-head">
                <h2>
                  <Link to={`/insights/${encodeURIComponent(tile.insightId)}`}>{tile.insight.name}</Link>
                </h2>
                <div className="tile-actions">
                  {i > 0 && (
                    <button type="button" aria-label={t('dash.moveUp', { name: tile.insight.name })} onClick={() => void change({ tiles: [...tiles.slice(0, i - 1), tiles[i]!, tiles[i - 1]!, ...tiles.slice(i + 1)] })}>
                      ↑
                    </button>
                  )}
                  <button type="button" data-testid="tile-remove" aria-label={t('dash.remove', { name: tile.insight.name })} onClick={() => void change({ tiles: tiles.filter((_, j) => j !== i) })}>
                    ×
                  </button>
                </div>
              </header>
              {tile.insight.description && <p className="help">{tile.insight.description}</p>}
              <InsightView insight={tile.insight} refresh={refresh + version} />
            </section>
          ))}
        </div>
      )}
      <p>
        <Link to="/dashboards">{t('dash.back')}</Link>
      </p>
    </main>
  );
}

function Rename({ name, rename }: { name: string; rename(name: string): void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState(name);
  if (!open)
    return (
      <button type="button" data-testid="dashboard-rename" onClick={() => (setValue(name), setOpen(true))}>
        {t('dash.rename')}
      </button>
    );
  return (
    <form
      className="inline-form"
      aria-label={t('dash.rename')}
      onSubmit={(e) => {
        e.preventDefault();
        rename(value.trim());
        setOpen(false);
      }}
    >
      <label>
        {t('dash.new.name')}
        <input data-testid="dashboard-rename-name" value={value} required maxLength={200} onChange={(e) => setValue(e.target.value)} />
      </label>
      <button type="submit" disabled={value.trim() === ''}>
        {t('ins.edit.save')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('ins.save.cancel')}
      </button>
    </form>
  );
}

function AddTile({ add }: { add(insightId: string, width: number): void }) {
  const { t } = useI18n();
  const insights = useApi('insights', (signal) => listInsights(signal));
  const [pick, setPick] = useState('');
  const [width, setWidth] = useState(1);
  if (insights.status !== 'ok') return insights.status === 'error' ? <ErrorState error={insights.error} retry={insights.retry} /> : null;
  if (insights.data.insights.length === 0) return <p className="help">{t('dash.add.none')}</p>;
  return (
    <form
      className="filters add-tile"
      aria-label={t('dash.add')}
      onSubmit={(e) => {
        e.preventDefault();
        if (pick) add(pick, width);
      }}
    >
      <label>
        {t('dash.add.pick')}
        <select data-testid="tile-insight" value={pick} onChange={(e) => setPick(e.target.value)}>
          <option value="">—</option>
          {insights.data.insights.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name} ({t(`ins.kind.${i.kind}`)})
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('dash.add.width')}
        <select data-testid="tile-width" value={width} onChange={(e) => setWidth(Number(e.target.value))}>
          {[1, 2, 3].map((w) => (
            <option key={w} value={w}>
              {t(`dash.width.${w as 1 | 2 | 3}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" data-testid="tile-add" disabled={pick === ''}>
        {t('dash.add.submit')}
      </button>
    </form>
  );
}
