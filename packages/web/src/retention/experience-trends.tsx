import { useMemo } from 'react';
import type { MetricsResult, MetricsRow } from '@trailmap/core';
import { EChart, type ChartOption } from '../components/echart.js';
import { Empty } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import type { Formatters } from '../i18n/format.js';
import { periodLabel } from './period-label.js';

type Kind = 'csat' | 'nps' | 'ces';

const score = (r: MetricsRow, kind: Kind) => (kind === 'csat' ? r.csat.score : kind === 'nps' ? r.nps.score : r.ces.mean);
const responses = (r: MetricsRow, kind: Kind) => r[kind].responses;
const axis: Record<Kind, { min: number; max: number }> = { csat: { min: 0, max: 1 }, nps: { min: -100, max: 100 }, ces: { min: 1, max: 7 } };
const format = (fmt: Formatters, kind: Kind, v: number | null) => (v === null ? '–' : kind === 'csat' ? fmt.pct(v) : fmt.dec(v));

/** One score over time (line) with its responses per period (bars on a second axis). */
function TrendChart({ series, kind, unit }: { series: MetricsRow[]; kind: Kind; unit: MetricsResult['interval'] }) {
  const { t, fmt } = useI18n();
  const title = t(`ret.trends.${kind}`);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 48, top: 32, bottom: 32 },
      legend: { data: [title, t('ret.trends.responses')], show: false },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: Array<{ dataIndex: number }>) => {
          const r = series[ps[0]?.dataIndex ?? 0];
          if (!r) return '';
          return `${periodLabel(fmt, unit, r.period ?? '')}<br/>${format(fmt, kind, score(r, kind))} · ${t('ret.trends.responses')} ${fmt.int(responses(r, kind))}`;
        },
      },
      xAxis: { type: 'category', data: series.map((r) => periodLabel(fmt, unit, r.period ?? '')) },
      yAxis: [
        { type: 'value', ...axis[kind], axisLabel: { formatter: (v: number) => format(fmt, kind, v) } },
        { type: 'value', name: t('ret.trends.responses'), splitLine: { show: false }, axisLabel: { formatter: (v: number) => fmt.int(v) } },
      ],
      series: [
        { name: title, type: 'line', connectNulls: true, itemStyle: { color: '#2f5fd0' }, symbolSize: 7, data: series.map((r) => score(r, kind)) },
        { name: t('ret.trends.responses'), type: 'bar', yAxisIndex: 1, itemStyle: { color: '#9aa3b0', opacity: 0.35 }, data: series.map((r) => responses(r, kind)) },
      ],
    }),
    [series, kind, unit, title, t, fmt],
  );
  return <EChart option={option} label={title} height={240} testId={`ret-trend-${kind}`} />;
}

/** CSAT, NPS and CES per period from `POST /v1/analytics/metrics` (its `series`), with the overall values. */
export function ExperienceTrends({ result }: { result: MetricsResult }) {
  const { t, fmt } = useI18n();
  const overall = result.rows[0];
  if (!overall || (overall.csat.responses === 0 && overall.nps.responses === 0 && overall.ces.responses === 0)) return <Empty text={t('ret.trends.empty')} />;
  const summary: Record<Kind, string> = {
    csat: t('ret.trends.overall.csat', { score: fmt.pct(overall.csat.score), mean: overall.csat.mean === null ? '–' : fmt.dec(overall.csat.mean), n: fmt.int(overall.csat.responses) }),
    nps: t('ret.trends.overall.nps', { score: overall.nps.score === null ? '–' : fmt.dec(overall.nps.score), n: fmt.int(overall.nps.responses) }),
    ces: t('ret.trends.overall.ces', { mean: overall.ces.mean === null ? '–' : fmt.dec(overall.ces.mean), n: fmt.int(overall.ces.responses) }),
  };
  return (
    <div className="ret-trends">
      {(['csat', 'nps', 'ces'] as const).map((kind) => (
        <div key={kind} className="ret-trend">
          <h3>{t(`ret.trends.${kind}`)}</h3>
          <p className="ret-overall" data-testid={`ret-overall-${kind}`}>
            {summary[kind]}
          </p>
          {overall[kind].responses === 0 ? <Empty text={t('ret.trends.noResponses', { kind: kind.toUpperCase() })} /> : <TrendChart series={result.series} kind={kind} unit={result.interval} />}
        </div>
      ))}
    </div>
  );
}
