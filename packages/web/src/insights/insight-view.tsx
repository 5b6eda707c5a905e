import { useMemo } from 'react';
import { INSIGHT_ENDPOINTS, type FunnelResult, type Insight, type JourneyMapResult, type LifecycleResult, type MetricsResult, type ModelComparison, type PathsResult, type RetentionResult } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { CsvTable } from '../components/csv-download.js';
import { EChart, type ChartOption } from '../components/echart.js';
import { ErrorState, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { ConversionOverTime, FunnelBars } from '../funnels/funnel-charts.js';
import { PathsSankey } from '../paths/sankey-chart.js';
import { TopPathsTable } from '../paths/paths-tables.js';
import { CohortGrid } from '../retention/cohort-grid.js';
import { LifecycleChart } from '../retention/lifecycle-chart.js';
import { ExperienceTrends } from '../retention/experience-trends.js';
import { JourneyGrid } from '../journey-map/journey-grid.js';

const MODELS = ['first', 'last', 'linear', 'timeDecay', 'position', 'markov', 'shapley'] as const;
const TOP_LABELS = 10;

/**
 * A saved insight run now and drawn as its chart: the dashboard tile and the insight page of an
 * insight made outside the web app. `refresh` changes to run it again.
 */
export function InsightView({ insight, refresh = 0 }: { insight: Insight; refresh?: number }) {
  const { t } = useI18n();
  const key = `${insight.id}:${insight.updatedAt}:${refresh}`;
  const result = useApi<unknown>(key, (signal) => apiPost(INSIGHT_ENDPOINTS[insight.kind], insight.definition, signal));
  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return <ErrorState error={result.error} retry={result.retry} />;
  return (
    <div className="insight-view" data-testid="insight-view" data-kind={insight.kind} data-chart={insight.chart} aria-label={t(`ins.kind.${insight.kind}`)}>
      <Drawn insight={insight} data={result.data} />
    </div>
  );
}

function Drawn({ insight, data }: { insight: Insight; data: unknown }) {
  const { kind, chart, definition } = insight;
  switch (kind) {
    case 'funnel': {
      const r = data as FunnelResult;
      if (chart === 'trend') return <ConversionOverTime result={r} />;
      if (chart === 'table') return <FunnelTable result={r} name={insight.name} />;
      return <FunnelBars result={r} selected={null} onDropOff={() => undefined} />;
    }
    case 'paths': {
      const r = data as PathsResult;
      const count = definition.countBy === 'person' ? 'person' : 'session';
      return chart === 'table' ? <TopPathsTable result={r} count={count} /> : <PathsSankey result={r} count={count} />;
    }
    case 'retention':
      return <CohortGrid result={data as RetentionResult} />;
    case 'lifecycle': {
      const r = data as LifecycleResult;
      return chart === 'table' ? <LifecycleTable result={r} name={insight.name} /> : <LifecycleChart result={r} />;
    }
    case 'metrics': {
      const r = data as MetricsResult;
      return chart === 'table' ? <MetricsTable result={r} name={insight.name} /> : <ExperienceTrends result={r} />;
    }
    case 'journey-map':
      return <JourneyGrid map={data as JourneyMapResult} />;
    case 'attribution': {
      const r = data as ModelComparison;
      return chart === 'table' ? <AttributionTable result={r} name={insight.name} /> : <AttributionBars result={r} />;
    }
  }
}

function FunnelTable({ result, name }: { result: FunnelResult; name: string }) {
  const { t, fmt } = useI18n();
  return (
    <CsvTable name={name}>
      <table className="breakdown" data-testid="insight-table">
        <thead>
          <tr>
            <th scope="col">{t('ins.t.step')}</th>
            <th scope="col" className="num">{t('ins.t.reached')}</th>
            <th scope="col" className="num">{t('ins.t.fromPrevious')}</th>
            <th scope="col" className="num">{t('ins.t.fromFirst')}</th>
            <th scope="col" className="num">{t('ins.t.dropOff')}</th>
          </tr>
        </thead>
        <tbody>
          {result.steps.map((s) => (
            <tr key={s.index}>
              <th scope="row">{s.name}</th>
              <td className="num">{fmt.int(s.count)}</td>
              <td className="num">{fmt.pct(s.conversionFromPrevious)}</td>
              <td className="num">{fmt.pct(s.conversionFromFirst)}</td>
              <td className="num">{fmt.int(s.dropOff)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </CsvTable>
  );
}

function LifecycleTable({ result, name }: { result: LifecycleResult; name: string }) {
  const { t, fmt } = useI18n();
  const statuses = ['new', 'returning', 'resurrecting', 'dormant'] as const;
  return (
    <CsvTable name={name}>
      <table className="breakdown" data-testid="insight-table">
        <thead>
          <tr>
            <th scope="col">{t('ins.t.period')}</th>
            <th scope="col" className="num">{t('ins.t.active')}</th>
            {statuses.map((s) => (
              <th key={s} scope="col" className="num">
                {t(`ret.lifecycle.${s}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr key={r.period}>
              <th scope="row">{fmt.day(r.period)}</th>
              <td className="num">{fmt.int(r.active)}</td>
              {statuses.map((s) => (
                <td key={s} className="num">
                  {fmt.int(r[s])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </CsvTable>
  );
}

function MetricsTable({ result, name }: { result: MetricsResult; name: string }) {
  const { t, fmt } = useI18n();
  return (
    <CsvTable name={name}>
      <table className="breakdown" data-testid="insight-table">
        <thead>
          <tr>
            <th scope="col">{t('ins.t.group')}</th>
            <th scope="col" className="num">{t('ins.t.people')}</th>
            <th scope="col" className="num">{t('ins.t.sessions')}</th>
            <th scope="col" className="num">{t('ins.t.conversionRate')}</th>
            <th scope="col" className="num">{t('ins.t.bounceRate')}</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr key={r.group}>
              <th scope="row">{r.group}</th>
              <td className="num">{fmt.int(r.activePeople)}</td>
              <td className="num">{fmt.int(r.sessions)}</td>
              <td className="num">{fmt.pct(r.conversionRate)}</td>
              <td className="num">{fmt.pct(r.bounceRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </CsvTable>
  );
}

function AttributionTable({ result, name }: { result: ModelComparison; name: string }) {
  const { t, fmt } = useI18n();
  return (
    <CsvTable name={name}>
      <table className="breakdown" data-testid="insight-table">
        <thead>
          <tr>
            <th scope="col">{t('ins.t.label')}</th>
            {MODELS.map((m) => (
              <th key={m} scope="col" className="num">
                {t(`attr.model.${m}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              {MODELS.map((m) => (
                <td key={m} className="num">
                  {fmt.dec(r.conversions[m])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </CsvTable>
  );
}

function AttributionBars({ result }: { result: ModelComparison }) {
  const { t, fmt } = useI18n();
  const rows = result.rows.slice(0, TOP_LABELS);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 56, right: 16, top: 24, bottom: 110 },
      legend: { bottom: 0, data: MODELS.map((m) => t(`attr.model.${m}`)) },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: 30, width: 100, overflow: 'truncate' } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt.int(v) } },
      series: MODELS.map((m) => ({ name: t(`attr.model.${m}`), type: 'bar', data: rows.map((r) => r.conversions[m]) })),
    }),
    [rows, t, fmt],
  );
  return <EChart option={option} label={t('ins.t.attributionChart', { n: rows.length })} height={320} testId="insight-attribution-chart" />;
}
