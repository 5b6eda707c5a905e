import { useMemo } from 'react';
import type { MetricsResult, MetricsRowChange, MetricsSeriesRow } from '@trailmap/core';
import { SVGRenderer } from 'echarts/renderers';
import * as echarts from 'echarts/core';
import { EChart, type ChartOption } from '../components/echart.js';
import { HATCH_DECAL, IncompleteLegend, splitLine } from '../components/incomplete-legend.js';
import { Empty } from '../components/states.js';
import { ChangeBadge } from '../components/date-range-control.js';
import { useI18n } from '../i18n/i18n.js';
import type { Formatters } from '../i18n/format.js';
import { periodLabel } from './period-label.js';

// The trends are SVG, so the NPS bars are shapes in the page (the browser tests check they start at 0).
echarts.use([SVGRenderer]);

type Kind = 'csat' | 'nps' | 'ces';

const score = (r: MetricsSeriesRow, kind: Kind) => (kind === 'csat' ? r.csat.score : kind === 'nps' ? r.nps.score : r.ces.mean);
const responses = (r: MetricsSeriesRow, kind: Kind) => r[kind].responses;
const axis: Record<Kind, { min: number; max: number }> = { csat: { min: 0, max: 1 }, nps: { min: -100, max: 100 }, ces: { min: 1, max: 7 } };
/** CSAT a percentage, NPS a whole number on −100…100, CES a mean on 1–7. */
const format = (fmt: Formatters, kind: Kind, v: number | null) => (v === null ? '–' : kind === 'csat' ? fmt.pct(v) : kind === 'nps' ? fmt.nps(v) : fmt.dec(v));
export const NPS_POSITIVE = '#1e8449';
export const NPS_NEGATIVE = '#c0392b';
export const TREND_GRID = { left: 48, right: 48, top: 32, bottom: 32 };

/**
 * One score over time with its responses per period on a second axis. NPS is drawn as bars from
 * 0 (green above, red below); CSAT and CES as lines. Periods still running are hatched (bars) or
 * dashed (lines).
 */
function TrendChart({ series, kind, unit }: { series: MetricsSeriesRow[]; kind: Kind; unit: MetricsResult['interval'] }) {
  const { t, fmt } = useI18n();
  const title = t(`ret.trends.${kind}`);
  const option = useMemo<ChartOption>(() => {
    const scores = series.map((r) => score(r, kind));
    const complete = series.map((r) => r.complete);
    const respName = t('ret.trends.responses');
    const main =
      kind === 'nps'
        ? [
            {
              name: title,
              type: 'bar',
              barMaxWidth: 28,
              data: scores.map((v, i) => {
                const color = (v ?? 0) < 0 ? NPS_NEGATIVE : NPS_POSITIVE;
                return { value: v === null ? null : Math.round(v), itemStyle: complete[i] ? { color } : { color, decal: HATCH_DECAL } };
              }),
            },
          ]
        : (() => {
            const { solid, dashed } = splitLine(scores, complete);
            const line = { name: title, type: 'line', connectNulls: true, itemStyle: { color: '#2f5fd0' }, symbolSize: 7 };
            return [
              { ...line, data: solid },
              { ...line, data: dashed, lineStyle: { type: 'dashed' }, itemStyle: { color: '#2f5fd0', opacity: 0.7 } },
            ];
          })();
    const resp =
      kind === 'nps'
        ? { name: respName, type: 'line', yAxisIndex: 1, symbolSize: 4, itemStyle: { color: '#9aa3b0' }, lineStyle: { color: '#9aa3b0', width: 1 }, data: series.map((r) => responses(r, kind)) }
        : {
            name: respName,
            type: 'bar',
            yAxisIndex: 1,
            itemStyle: { color: '#9aa3b0', opacity: 0.35 },
            data: series.map((r, i) => (complete[i] ? responses(r, kind) : { value: responses(r, kind), itemStyle: { color: '#9aa3b0', opacity: 0.35, decal: HATCH_DECAL } })),
          };
    return {
      grid: TREND_GRID,
      legend: { data: [title, respName], show: false },
      tooltip: {
        trigger: 'axis',
        formatter: (ps: Array<{ dataIndex: number }>) => {
          const r = series[ps[0]?.dataIndex ?? 0];
          if (!r) return '';
          return `${periodLabel(fmt, unit, r.period)}<br/>${format(fmt, kind, score(r, kind))} · ${respName} ${fmt.int(responses(r, kind))}${r.complete ? '' : `<br/>${t('incomplete.cell')}`}`;
        },
      },
      xAxis: { type: 'category', data: series.map((r) => periodLabel(fmt, unit, r.period)) },
      yAxis: [
        { type: 'value', ...axis[kind], ...(kind === 'nps' ? { interval: 50 } : {}), axisLabel: { formatter: (v: number) => format(fmt, kind, v) } },
        { type: 'value', name: respName, splitLine: { show: false }, minInterval: 1, axisLabel: { formatter: (v: number) => fmt.int(v) } },
      ],
      series: [...main, resp],
    };
  }, [series, kind, unit, title, t, fmt]);
  return <EChart option={option} label={title} height={240} testId={`ret-trend-${kind}`} renderer="svg" />;
}

/** CSAT, NPS and CES per period from `POST /v1/analytics/metrics` (its `series`), with the overall values. */
export function ExperienceTrends({ result, change }: { result: MetricsResult; change?: MetricsRowChange | undefined }) {
  const { t, fmt } = useI18n();
  const overall = result.rows[0];
  if (!overall || (overall.csat.responses === 0 && overall.nps.responses === 0 && overall.ces.responses === 0)) return <Empty text={t('ret.trends.empty')} />;
  const summary: Record<Kind, string> = {
    csat: t('ret.trends.overall.csat', { score: fmt.pct(overall.csat.score), mean: overall.csat.mean === null ? '–' : fmt.dec(overall.csat.mean), n: fmt.int(overall.csat.responses) }),
    nps: t('ret.trends.overall.nps', { score: fmt.nps(overall.nps.score), n: fmt.int(overall.nps.responses) }),
    ces: t('ret.trends.overall.ces', { mean: overall.ces.mean === null ? '–' : fmt.dec(overall.ces.mean), n: fmt.int(overall.ces.responses) }),
  };
  const incomplete = result.series.filter((r) => !r.complete).length;
  return (
    <div className="ret-trends">
      {(['csat', 'nps', 'ces'] as const).map((kind) => (
        <div key={kind} className="ret-trend">
          <h3>{t(`ret.trends.${kind}`)}</h3>
          <p className="ret-overall" data-testid={`ret-overall-${kind}`}>
            {summary[kind]}
            {kind === 'csat' && <ChangeBadge change={change?.csatScore} rate testId="ret-change-csat" />}
            {kind === 'nps' && <ChangeBadge change={change?.npsScore} testId="ret-change-nps" />}
            {kind === 'ces' && <ChangeBadge change={change?.cesMean} decimal testId="ret-change-ces" />}
          </p>
          {overall[kind].responses === 0 ? (
            <Empty text={t('ret.trends.noResponses', { kind: kind.toUpperCase() })} />
          ) : (
            <>
              <TrendChart series={result.series} kind={kind} unit={result.interval} />
              <IncompleteLegend style={kind === 'nps' ? 'hatched' : 'dashed'} count={incomplete} observedUntil={result.observedUntil} testId={`ret-trend-${kind}-incomplete`} />
            </>
          )}
        </div>
      ))}
    </div>
  );
}
