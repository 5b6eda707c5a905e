import { useMemo } from 'react';
import type { JourneyMapResult } from '../api/types.js';
import { EChart, type ChartOption } from '../components/echart.js';
import { Empty } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';

/** The emotion curve (−1…1 per stage, from sentiment and survey scores) under the map's columns. */
export function EmotionChart({ map }: { map: JourneyMapResult }) {
  const { t, fmt, label } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 56, right: 56, top: 32, bottom: 32 },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? fmt.dec(v) : '–') },
      legend: { data: [t('jm.emotion.axis'), t('jm.emotion.responses')] },
      xAxis: { type: 'category', data: map.emotionCurve.map((p) => label('stage', p.stage)) },
      yAxis: [
        { type: 'value', min: -1, max: 1, name: t('jm.emotion.axis') },
        { type: 'value', name: t('jm.emotion.responses'), splitLine: { show: false } },
      ],
      series: [
        {
          name: t('jm.emotion.axis'),
          type: 'line',
          smooth: true,
          connectNulls: true,
          symbolSize: 10,
          data: map.emotionCurve.map((p) => p.emotion),
          markLine: { silent: true, symbol: 'none', data: [{ yAxis: 0 }] },
        },
        { name: t('jm.emotion.responses'), type: 'bar', yAxisIndex: 1, barWidth: 18, itemStyle: { opacity: 0.25 }, data: map.emotionCurve.map((p) => p.responses) },
      ],
    }),
    [map, t, fmt, label],
  );
  if (map.emotionCurve.every((p) => p.responses === 0)) return <Empty text={t('jm.emotion.none')} />;
  return <EChart option={option} label={t('jm.emotion.title')} testId="emotion-chart" />;
}
