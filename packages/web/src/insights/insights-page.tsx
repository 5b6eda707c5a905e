import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Insight, InsightChart } from '@trailmap/core';
import { ApiFailure } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { CsvTable } from '../components/csv-download.js';
import { Empty, ErrorState, Loading } from '../components/states.js';
import { formatDateTime } from '../people/datetime.js';
import { useI18n } from '../i18n/i18n.js';
import { deleteInsight, insightHref, listInsights, updateInsight } from './insights-api.js';
import { InsightFields } from './insight-fields.js';
import './insights.css';

/** `/insights`: every saved insight, to open, edit (name, description, chart) or delete. */
export function InsightsPage() {
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const [version, setVersion] = useState(0);
  const list = useApi(`insights:${version}`, (signal) => listInsights(signal));
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const reload = () => setVersion((v) => v + 1);

  const remove = async (i: Insight) => {
    if (!window.confirm(t('ins.delete.confirm', { name: i.name }))) return;
    try {
      await deleteInsight(i.id);
      setStatus(t('ins.deleted', { name: i.name }));
    } catch (e) {
      setStatus(t('ins.save.failed', { message: e instanceof ApiFailure ? e.message : String(e) }));
    }
    reload();
  };

  return (
    <main className="page insights" aria-busy={list.status === 'loading'}>
      <header className="page-head">
        <div>
          <h1>{t('ins.title')}</h1>
          <p className="subtitle">{t('ins.intro')}</p>
        </div>
      </header>
      {status && (
        <p role="status" data-testid="insights-status">
          {status}
        </p>
      )}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} retry={list.retry} />}
      {list.status === 'ok' && list.data.insights.length === 0 && <Empty text={t('ins.empty')} />}
      {list.status === 'ok' && list.data.insights.length > 0 && (
        <CsvTable name={t('ins.title')}>
          <div className="grid-scroll">
            <table className="tm-table insights-table" data-testid="insights-list">
              <thead>
                <tr>
                  <th scope="col">{t('ins.col.name')}</th>
                  <th scope="col">{t('ins.save.description')}</th>
                  <th scope="col">{t('ins.col.kind')}</th>
                  <th scope="col">{t('ins.col.chart')}</th>
                  <th scope="col">{t('ins.col.updated')}</th>
                  <th scope="col" data-csv-skip>
                    {t('ins.col.actions')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.insights.map((i) => (
                  <tr key={i.id} data-testid="insight-row" data-insight-id={i.id}>
                    <th scope="row">
                      <Link to={insightHref(i, params.get('lang'))} data-testid="insight-open">
                        {i.name}
                      </Link>
                      {editing === i.id && <EditInsight insight={i} done={(changed) => (setEditing(null), changed && reload())} />}
                    </th>
                    <td>{i.description}</td>
                    <td>{t(`ins.kind.${i.kind}`)}</td>
                    <td>{t(`ins.chart.${i.chart}`)}</td>
                    <td>{formatDateTime(locale, i.updatedAt)}</td>
                    <td className="row-actions" data-csv-skip>
                      <Link to={`/insights/${encodeURIComponent(i.id)}`}>{t('ins.open')}</Link>{' '}
                      <button type="button" data-testid="insight-edit" onClick={() => setEditing(i.id)}>
                        {t('ins.rename')}
                      </button>{' '}
                      <button type="button" data-testid="insight-delete" onClick={() => void remove(i)}>
                        {t('ins.delete')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </CsvTable>
      )}
    </main>
  );
}

/** Change an insight's name, description and chart in place (its analysis is edited on its page). */
function EditInsight({ insight, done }: { insight: Insight; done(changed: boolean): void }) {
  const { t } = useI18n();
  const [name, setName] = useState(insight.name);
  const [description, setDescription] = useState(insight.description);
  const [chart, setChart] = useState<InsightChart>(insight.chart);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="save-insight-form"
      aria-label={t('ins.edit.title', { name: insight.name })}
      data-testid="insight-edit-form"
      onSubmit={(e) => {
        e.preventDefault();
        updateInsight(insight.id, { name, description, chart }).then(
          () => done(true),
          (err: unknown) => setError(t('ins.save.failed', { message: err instanceof ApiFailure ? err.message : String(err) })),
        );
      }}
    >
      <InsightFields kind={insight.kind} values={{ name, description, chart }} onChange={(v) => (setName(v.name), setDescription(v.description), setChart(v.chart))} testIdPrefix="insight-edit" />
      <div className="save-insight-buttons">
        <button type="submit" data-testid="insight-edit-save" disabled={name.trim() === ''}>
          {t('ins.edit.save')}
        </button>
        <button type="button" onClick={() => done(false)}>
          {t('ins.save.cancel')}
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
    </form>
  );
}
