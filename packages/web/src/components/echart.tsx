import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n/i18n.js';
import { downloadFile, fileNameOf } from './download.js';

// Only the parts the pages use, to keep the bundle (and time to interactive) small.
echarts.use([LineChart, BarChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * An ECharts chart that follows its container's size; `label` is its accessible name.
 * `renderer: 'svg'` needs the page to register `SVGRenderer` (the paths page does, so its labels are DOM text).
 */
export function EChart({ option, label, height = 260, testId, renderer }: { option: ChartOption; label: string; height?: number; testId?: string; renderer?: 'canvas' | 'svg' }) {
  const { t } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, renderer ? { renderer } : undefined);
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return (
    <div className="chart-box">
      <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />
      <div className="data-export">
        <button
          type="button"
          className="export-button"
          data-testid="png-download"
          aria-label={t('export.png.label', { chart: label })}
          onClick={() => {
            const c = chart.current;
            if (c) void chartPng(c).then((url) => downloadFile(fileNameOf(label, 'png'), url));
          }}
        >
          {t('export.png')}
        </button>
      </div>
    </div>
  );
}

/** The chart as a PNG data URL, on white at twice the screen's pixels; an SVG-rendered chart is drawn onto a canvas first. */
async function chartPng(c: echarts.ECharts): Promise<string> {
  const url = c.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
  if (url.startsWith('data:image/png')) return url;
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = c.getWidth() * 2;
  canvas.height = c.getHeight() * 2;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}
