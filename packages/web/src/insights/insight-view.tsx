import { useMemo } from 'react';
import { INSIGHT_ENDPOINTS, type FunnelResult, type FunnelStepResult, type Insight, type JourneyMapResult, type LifecycleResult, type MetricsResult, type ModelComparison, type PathsResult, type RetentionResult } from '@trailmap/core';
import { apiPost } from '../api/client.js';
import { useApi } from '../api/use-api.js';
import { DataTable, type Column } from '../components/data-table.js';
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
  const columns: Array<Column<FunnelStepResult>> = [
    { key: 'step', header: t('ins.t.step'), cell: (s) => s.name },
    { key: 'reached', header: t('ins.t.reached'), num: true, cell: (s) => fmt.int(s.count) },
    { key: 'previous', header: t('ins.t.fromPrevious'), num: true, cell: (s) => fmt.pct(s.conversionFromPrevious) },
    { key: 'first', header: t('ins.t.fromFirst'), num: true, cell: (s) => fmt.pct(s.conversionFromFirst) },
    { key: 'dropOff', header: t('ins.t.dropOff'), num: true, cell: (s) => fmt.int(s.dropOff) },
  ];
  return <DataTable name={name} rows={result.steps} columns={columns} rowKey={(s) => s.index} testId="insight-table" />;
}

const LIFECYCLE_STATUSES = ['new', 'returning', 'resurrecting', 'dormant'] as const;

function LifecycleTable({ result, name }: { result: LifecycleResult; name: string }) {
  const { t, fmt } = useI18n();
  type Row = LifecycleResult['rows'][number];
  const columns: Array<Column<Row>> = [
    { key: 'period', header: t('ins.t.period'), cell: (r) => fmt.day(r.period) },
    { key: 'active', header: t('ins.t.active'), num: true, cell: (r) => fmt.int(r.active) },
    ...LIFECYCLE_STATUSES.map((s): Column<Row> => ({ key: s, header: t(`ret.lifecycle.${s}`), num: true, cell: (r) => fmt.int(r[s]) })),
  ];
  return <DataTable name={name} rows={result.rows} columns={columns} rowKey={(r) => r.period} testId="insight-table" />;
}

function MetricsTable({ result, name }: { result: MetricsResult; name: string }) {
  const { t, fmt } = useI18n();
  type Row = MetricsResult['rows'][number];
  const columns: Array<Column<Row>> = [
    { key: 'group', header: t('ins.t.group'), cell: (r) => r.group },
    { key: 'people', header: t('ins.t.people'), num: true, cell: (r) => fmt.int(r.activePeople) },
    { key: 'sessions', header: t('ins.t.sessions'), num: true, cell: (r) => fmt.int(r.sessions) },
    { key: 'conversion', header: t('ins.t.conversionRate'), num: true, cell: (r) => fmt.pct(r.conversionRate) },
    { key: 'bounce', header: t('ins.t.bounceRate'), num: true, cell: (r) => fmt.pct(r.bounceRate) },
  ];
  return <DataTable name={name} rows={result.rows} columns={columns} rowKey={(r) => r.group} testId="insight-table" />;
}

function AttributionTable({ result, name }: { result: ModelComparison; name: string }) {
  const { t, fmt } = useI18n();
  type Row = ModelComparison['rows'][number];
  const columns: Array<Column<Row>> = [
    { key: 'label', header: t('ins.t.label'), cell: (r) => r.name },
    ...MODELS.map((m): Column<Row> => ({ key: m, header: t(`attr.model.${m}`), num: true, cell: (r) => fmt.dec(r.conversions[m]) })),
  ];
  return <DataTable name={name} rows={result.rows} columns={columns} rowKey={(r) => r.name} testId="insight-table" />;
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
