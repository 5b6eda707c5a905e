import { useMemo } from 'react';
import type { LifecycleResult } from '@trailmap/core';
import { EChart, type ChartOption } from '../components/echart.js';
import { HATCH_DECAL, IncompleteLegend } from '../components/incomplete-legend.js';
import { useI18n } from '../i18n/i18n.js';
import { periodLabel } from './period-label.js';

/** Stacked bars per period: new, returning, resurrecting above zero, dormant (negative) below; a period still running is hatched. */
export function LifecycleChart({ result }: { result: LifecycleResult }) {
  const { t, fmt } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const series = (
      [
        ['new', '#1e8449'],
        ['returning', '#2f5fd0'],
        ['resurrecting', '#d68910'],
        ['dormant', '#c0392b'],
      ] as const
    ).map(([status, color]) => ({
      name: t(`ret.lifecycle.${status}`),
      type: 'bar',
      stack: 'people',
      itemStyle: { color },
      emphasis: { focus: 'series' },
      data: result.rows.map((r) => (r.complete ? r[status] : { value: r[status], itemStyle: { color, decal: HATCH_DECAL } })),
    }));
    return {
      grid: { left: 56, right: 16, top: 40, bottom: 32 },
      legend: { top: 0, data: series.map((s) => s.name) },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.int(v) : '–'),
      },
      xAxis: { type: 'category', data: result.rows.map((r) => periodLabel(fmt, result.period, r.period)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt.int(v) } },
      series,
    };
  }, [result, t, fmt]);
  return (
    <>
      <EChart option={option} label={t('ret.lifecycle.chart')} height={320} testId="ret-lifecycle" />
      <IncompleteLegend style="hatched" count={result.rows.filter((r) => !r.complete).length} observedUntil={result.observedUntil} testId="ret-lifecycle-incomplete" />
    </>
  );
}
