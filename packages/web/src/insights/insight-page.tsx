import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { useApi } from '../api/use-api.js';
import { ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { getInsight, insightHref } from './insights-api.js';
import { InsightView } from './insight-view.js';
import './insights.css';

/**
 * `/insights/:id`, an insight's stable link: an insight saved from a page opens that page as it
 * was saved; one made through the API or CLI is shown from its definition. A link to no insight
 * is a not-found page with the way back.
 */
export function InsightPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const insight = useApi(`insight:${id}`, (signal) => getInsight(id, signal));
  if (insight.status === 'loading') return <main className="page"><Loading /></main>;
  if (insight.status === 'error' && insight.error.status === 404) return <Missing text={t('ins.notFound')} back="/insights" backText={t('ins.back')} />;
  if (insight.status === 'error') return <main className="page"><ErrorState error={insight.error} retry={insight.retry} /></main>;
  const i = insight.data;
  if (i.view !== null) return <Navigate to={insightHref(i, params.get('lang'))} replace />;
  return (
    <main className="page insight-page">
      <header className="page-head">
        <div>
          <h1>{i.name}</h1>
          {i.description && <p className="subtitle">{i.description}</p>}
          <p className="help">
            {t(`ins.kind.${i.kind}`)} · {t(`ins.chart.${i.chart}`)} · {t('ins.fromApi')}
          </p>
        </div>
      </header>
      <InsightView insight={i} />
      <p>
        <Link to="/insights">{t('ins.back')}</Link>
      </p>
    </main>
  );
}

/** A not-found page inside the app: what is missing and the way back. */
export function Missing({ text, back, backText }: { text: string; back: string; backText: string }) {
  return (
    <main className="page not-found" data-testid="not-found">
      <h1>{text}</h1>
      <p>
        <Link to={back}>{backText}</Link>
      </p>
    </main>
  );
}
