import { getInstanceByDom } from 'echarts/core';
import type { JourneyCell, JourneyMapResult } from '../api/types.js';
import { cellKey } from './map-mode.js';
import { toCsv } from '@trailmap/core';

/**
 * Exports of the map, made in the browser from the API's answer: CSV of the cells, PNG drawn on
 * a canvas (the emotion curve taken from its ECharts chart), PDF through the print stylesheet.
 */

/** CSV columns: stable field names (the file is data, read by programs), values unformatted. */
export const CSV_COLUMNS = [
  'stage',
  'channel',
  'touchpoint',
  'people',
  'converted',
  'conversion',
  'dwell_median_ms',
  'sessions',
  'bounces',
  'bounce_rate',
  'responses',
  'csat_mean',
  'csat_n',
  'nps',
  'nps_n',
  'ces_mean',
  'ces_n',
  'sentiment_mean',
  'sentiment_n',
] as const;

const csvRow = (c: JourneyCell): Array<string | number | null> => [
  c.stage,
  c.channel,
  c.touchpoint,
  c.people,
  c.converted,
  c.conversion,
  c.dwellMedianMs,
  c.sessions,
  c.bounces,
  c.bounceRate,
  c.experience.responses,
  c.experience.csat.mean,
  c.experience.csat.n,
  c.experience.nps.score,
  c.experience.nps.n,
  c.experience.ces.mean,
  c.experience.ces.n,
  c.experience.sentiment.mean,
  c.experience.sentiment.n,
];

/** RFC 4180 CSV (CRLF, formula text escaped: see toCsv) of every cell in the API's order; empty fields for missing values. */
export function cellsCsv(map: JourneyMapResult): string {
  return toCsv([CSV_COLUMNS, ...map.cells.map(csvRow)]);
}

/** Save a blob as a file through a temporary link. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `journey-map-<type>[-persona]-<yyyy-mm-dd>.<ext>` */
export function exportName(type: string, persona: string | null, ext: string): string {
  const safe = (s: string) => s.replace(/[^\p{L}\p{N}_-]+/gu, '_');
  return `journey-map-${type}${persona ? `-${safe(persona)}` : ''}-${new Date().toISOString().slice(0, 10)}.${ext}`;
}

/** What the drawing needs besides the data: the texts in the UI language and formatted numbers. */
export interface DrawText {
  title: string;
  subtitle: string;
  channelHeader: string;
  stage(stage: string): string;
  stageMeta(s: JourneyMapResult['stages'][number]): string;
  channel(channel: string): string;
  cellLines(c: JourneyCell): string[];
  /** Extra line of a cell (notes count, day-in-the-life steps), or null. */
  cellExtra(c: JourneyCell): string | null;
  emotionTitle: string;
}

const COL_W = 270;
const HEAD_W = 110;
const CELL_H = 78;
const PAD = 8;
const FONT = "system-ui, 'Noto Sans CJK SC', 'PingFang SC', sans-serif";

function ellipsize(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(s + '…').width > max) s = s.slice(0, -1);
  return s + '…';
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('image'));
    img.src = src;
  });
}

/**
 * Draw the map on a canvas: stages as columns, channel lanes as rows, one box per cell (pain
 * points red, visited cells of a day in the life blue), then the emotion curve as ECharts draws it.
 */
export async function mapPng(map: JourneyMapResult, text: DrawText, opts: { pains: Set<string>; highlighted: Set<string>; emotionEl: HTMLElement | null }): Promise<Blob> {
  const scale = 2;
  const width = HEAD_W + map.stages.length * COL_W + PAD * 2;
  const rows = map.channels.map((ch) => Math.max(1, ...map.stages.map((s) => map.cells.filter((c) => c.channel === ch && c.stage === s.stage).length)));
  const top = 64;
  const headH = 52;
  const gridH = headH + rows.reduce((a, n) => a + n * CELL_H + PAD, 0);
  const chart = opts.emotionEl ? getInstanceByDom(opts.emotionEl) : undefined;
  const chartUrl = chart ? chart.getDataURL({ type: 'png', pixelRatio: scale, backgroundColor: '#fff' }) : null;
  const chartImg = chartUrl ? await loadImage(chartUrl) : null;
  const chartH = chartImg ? Math.round((chartImg.height / chartImg.width) * (width - PAD * 2)) + 36 : 0;
  const height = top + gridH + PAD + chartH + PAD;

  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.scale(scale, scale);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.textBaseline = 'top';
  ctx.fillStyle = '#1d2430';
  ctx.font = `700 20px ${FONT}`;
  ctx.fillText(text.title, PAD, 12);
  ctx.font = `13px ${FONT}`;
  ctx.fillStyle = '#5a6270';
  ctx.fillText(ellipsize(ctx, text.subtitle, width - PAD * 2), PAD, 40);

  // Header row.
  let y = top;
  ctx.fillStyle = '#eef1f6';
  ctx.fillRect(PAD, y, width - PAD * 2, headH);
  ctx.fillStyle = '#1d2430';
  ctx.font = `600 13px ${FONT}`;
  ctx.fillText(text.channelHeader, PAD + 6, y + 8);
  map.stages.forEach((s, i) => {
    const x = PAD + HEAD_W + i * COL_W;
    ctx.fillStyle = '#1d2430';
    ctx.font = `600 14px ${FONT}`;
    ctx.fillText(ellipsize(ctx, text.stage(s.stage), COL_W - 12), x + 6, y + 8);
    ctx.font = `11px ${FONT}`;
    ctx.fillStyle = '#5a6270';
    ctx.fillText(ellipsize(ctx, text.stageMeta(s), COL_W - 12), x + 6, y + 30);
  });
  y += headH;

  map.channels.forEach((ch, r) => {
    const h = rows[r]! * CELL_H + PAD;
    ctx.strokeStyle = '#d9dde3';
    ctx.strokeRect(PAD, y, width - PAD * 2, h);
    ctx.fillStyle = '#f8f9fb';
    ctx.fillRect(PAD, y, HEAD_W, h);
    ctx.fillStyle = '#1d2430';
    ctx.font = `600 13px ${FONT}`;
    ctx.fillText(ellipsize(ctx, text.channel(ch), HEAD_W - 12), PAD + 6, y + 8);
    map.stages.forEach((s, i) => {
      const x = PAD + HEAD_W + i * COL_W;
      const cells = map.cells.filter((c) => c.channel === ch && c.stage === s.stage).sort((a, b) => b.people - a.people);
      cells.forEach((c, j) => {
        const cy = y + PAD / 2 + j * CELL_H;
        const key = cellKey(c);
        ctx.fillStyle = opts.highlighted.has(key) ? '#e3ecff' : '#fff';
        ctx.fillRect(x + 4, cy, COL_W - 8, CELL_H - 6);
        ctx.strokeStyle = opts.highlighted.has(key) ? '#2f5fd0' : '#d9dde3';
        ctx.strokeRect(x + 4, cy, COL_W - 8, CELL_H - 6);
        ctx.fillStyle = opts.pains.has(key) ? '#c0392b' : '#9fb2da';
        ctx.fillRect(x + 4, cy, 4, CELL_H - 6);
        ctx.fillStyle = '#1d2430';
        ctx.font = `600 12px ${FONT}`;
        ctx.fillText(ellipsize(ctx, c.touchpoint, COL_W - 24), x + 14, cy + 5);
        ctx.font = `11px ${FONT}`;
        ctx.fillStyle = '#3b4350';
        const lines = [...text.cellLines(c)];
        const extra = text.cellExtra(c);
        if (extra) lines.push(extra);
        lines.slice(0, 4).forEach((line, k) => ctx.fillText(ellipsize(ctx, line, COL_W - 24), x + 14, cy + 21 + k * 13));
      });
    });
    y += h;
  });

  if (chartImg) {
    y += PAD;
    ctx.fillStyle = '#1d2430';
    ctx.font = `600 15px ${FONT}`;
    ctx.fillText(text.emotionTitle, PAD, y + 6);
    ctx.drawImage(chartImg, PAD, y + 30, width - PAD * 2, chartH - 36);
  }
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('canvas'))), 'image/png'));
}
