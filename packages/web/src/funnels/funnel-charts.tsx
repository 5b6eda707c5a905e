import { useEffect, useMemo, useRef } from 'react';
import { getInstanceByDom } from 'echarts/core';
import type { FunnelResult } from '../api/types.js';
import { EChart, type ChartOption } from '../components/echart.js';
import { useI18n } from '../i18n/i18n.js';
import { IncompleteLegend, splitLine } from '../components/incomplete-legend.js';

export const DROP_OFF_COLOR = '#e8a3a3';
const DROP_OFF_SELECTED = '#c0392b';

/**
 * Reached and dropped off per step, stacked, with the share of step 1 on each bar. Clicking a
 * drop-off bar (steps 2…n) calls `onDropOff(step)`; the selected one is drawn darker. (The step
 * list under the chart has the same action as buttons, for the keyboard.)
 */
export function FunnelBars({ result, selected, onDropOff }: { result: FunnelResult; selected: number | null; onDropOff(step: number): void }) {
  const { t, fmt } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const handler = useRef(onDropOff);
  handler.current = onDropOff;
  useEffect(() => {
    // The shared wrapper's chart is created in its own (child) effect, so it exists here (the
    // wrapper's first child is its box with the PNG button; the chart is the img element in it).
    const el = box.current?.querySelector('[role="img"]');
    const chart = el instanceof HTMLElement ? getInstanceByDom(el) : undefined;
    if (!chart) return;
    const onClick = (p: { seriesIndex?: number; dataIndex?: number }) => {
      if (p.seriesIndex === 1 && p.dataIndex !== undefined && p.dataIndex > 0) handler.current(p.dataIndex + 1);
    };
    chart.on('click', onClick);
    return () => {
      if (!chart.isDisposed()) chart.off('click', onClick);
    };
  }, []);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 36, bottom: 56 },
      legend: { data: [t('fn.reached'), t('fn.dropped')] },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.int(v) : '–') },
      xAxis: { type: 'category', data: result.steps.map((s) => `${s.index}. ${s.name}`), axisLabel: { interval: 0, width: 120, overflow: 'truncate' } },
      yAxis: { type: 'value' },
      series: [
        {
          name: t('fn.reached'),
          type: 'bar',
          stack: 'f',
          data: result.steps.map((s) => s.count),
          label: { show: true, position: 'insideTop', formatter: (p: { dataIndex: number }) => fmt.pct(result.steps[p.dataIndex]?.conversionFromFirst ?? null) },
        },
        {
          name: t('fn.dropped'),
          type: 'bar',
          stack: 'f',
          cursor: 'pointer',
          itemStyle: { color: DROP_OFF_COLOR },
          data: result.steps.map((s) => (s.index === selected ? { value: s.dropOff, itemStyle: { color: DROP_OFF_SELECTED } } : s.dropOff)),
        },
      ],
    }),
    [result, selected, t, fmt],
  );
  return (
    <div ref={box}>
      <EChart option={option} label={t('fn.bars')} height={300} testId="funnel-bars" />
    </div>
  );
}

export function TimeToConvert({ result }: { result: FunnelResult }) {
  const { t, fmt } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 16, bottom: 48 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.int(v) : '–') },
      xAxis: {
        type: 'category',
        data: result.timeToConvert.histogram.map((b) => (b.toMs === null ? `≥ ${fmt.duration(b.fromMs)}` : `< ${fmt.duration(b.toMs)}`)),
        axisLabel: { rotate: 30 },
      },
      yAxis: { type: 'value', name: t('fn.ttc.people') },
      series: [{ type: 'bar', name: t('fn.ttc.people'), data: result.timeToConvert.histogram.map((b) => b.count) }],
    }),
    [result, t, fmt],
  );
  return <EChart option={option} label={t('fn.ttc')} testId="funnel-ttc" />;
}

/** The conversion rate by period of entry; points whose entrants have not all had the window yet are dashed. */
export function ConversionOverTime({ result }: { result: FunnelResult }) {
  const { t, fmt } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const { solid, dashed } = splitLine(
      result.overTime.map((p) => p.rate),
      result.overTime.map((p) => p.complete),
    );
    return {
      grid: { left: 56, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.pct(v) : '–') },
      xAxis: { type: 'category', data: result.overTime.map((p) => fmt.day(p.period)) },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: (v: number) => fmt.pct(v) } },
      series: [
        { type: 'line', name: t('fn.rate'), data: solid, itemStyle: { color: '#2f5fd0' } },
        { type: 'line', name: t('fn.rate'), data: dashed, itemStyle: { color: '#2f5fd0', opacity: 0.7 }, lineStyle: { type: 'dashed' } },
      ],
    };
  }, [result, t, fmt]);
  const incomplete = result.overTime.filter((p) => !p.complete).length;
  const until = result.observedUntil ? fmt.dateTime(result.observedUntil) : '–';
  return (
    <>
      <EChart option={option} label={t('fn.overTime')} testId="funnel-over-time" />
      <IncompleteLegend style="dashed" count={incomplete} observedUntil={result.observedUntil} testId="funnel-over-time-incomplete" text={t('incomplete.funnel', { window: fmt.duration(result.windowMs), until })} />
    </>
  );
}
