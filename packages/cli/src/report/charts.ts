import { esc, num, pct } from './html.js';

/** Horizontal bars with labels and values, e.g. funnel steps or channel shares. */
export function barChart(items: ReadonlyArray<{ label: string; value: number; note?: string; tone?: 'bad' | 'good' }>, opts: { width?: number; format?: (v: number) => string } = {}): string {
  if (items.length === 0) return '<p class="empty">No data.</p>';
  const width = opts.width ?? 760;
  const labelW = 220;
  const barH = 22;
  const max = Math.max(...items.map((i) => i.value), 1e-9);
  const fmt = opts.format ?? ((v: number) => num(v));
  const h = items.length * (barH + 8) + 4;
  const bars = items
    .map((it, i) => {
      const y = i * (barH + 8) + 2;
      const w = Math.max(1, ((width - labelW - 170) * it.value) / max);
      const fill = it.tone === 'bad' ? '#c8412b' : it.tone === 'good' ? '#1f8a4c' : '#2f6fde';
      return `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${esc(it.label)}</text><rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" rx="3" fill="${fill}"/><text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}">${esc(fmt(it.value))}${it.note ? ` · ${esc(it.note)}` : ''}</text>`;
    })
    .join('');
  return `<svg role="img" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}">${bars}</svg>`;
}

/** A line chart of one or more series over the same x labels (values may be null for gaps). */
/**
 * Lines over labelled x positions. With `complete` (one flag per x), the part from the last
 * complete point on is drawn dashed: periods still running, as the legend under the chart says.
 */
export function lineChart(
  xLabels: readonly string[],
  series: ReadonlyArray<{ name: string; values: ReadonlyArray<number | null>; color?: string }>,
  opts: { width?: number; height?: number; min?: number; max?: number; format?: (v: number) => string; complete?: readonly boolean[] } = {},
): string {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (xLabels.length === 0 || all.length === 0) return '<p class="empty">No data.</p>';
  const W = opts.width ?? 760;
  const H = opts.height ?? 220;
  const padL = 48, padB = 40, padT = 10, padR = 120;
  const lo = opts.min ?? Math.min(...all);
  const hi = opts.max ?? Math.max(...all);
  const span = hi - lo || 1;
  const x = (i: number) => padL + (xLabels.length === 1 ? 0 : (i * (W - padL - padR)) / (xLabels.length - 1));
  const y = (v: number) => padT + (H - padT - padB) * (1 - (v - lo) / span);
  const colors = ['#2f6fde', '#c8412b', '#1f8a4c', '#b7791f', '#7b4bc4'];
  const fmt = opts.format ?? ((v: number) => num(v, 2));
  const grid = [lo, lo + span / 2, hi].map((v) => `<line x1="${padL}" x2="${W - padR}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e3e7ee"/><text x="${padL - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(fmt(v))}</text>`).join('');
  const step = Math.ceil(xLabels.length / 12);
  const ticks = xLabels.map((l, i) => (i % step === 0 ? `<text x="${x(i).toFixed(1)}" y="${H - padB + 16}" text-anchor="middle">${esc(l)}</text>` : '')).join('');
  const lines = series
    .map((s, si) => {
      const c = s.color ?? colors[si % colors.length];
      const firstOpen = opts.complete ? opts.complete.findIndex((c) => !c) : -1;
      const path = (from: number, to: number) => {
        let d = '';
        s.values.forEach((v, i) => {
          if (v === null || i < from || i > to) return;
          d += `${d && s.values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
        });
        return d;
      };
      const d = path(0, firstOpen < 0 ? s.values.length - 1 : firstOpen - 1);
      const open = firstOpen < 0 ? '' : path(Math.max(0, firstOpen - 1), s.values.length - 1);
      const last = s.values.map((v, i) => [v, i] as const).filter(([v]) => v !== null).pop();
      const dots = s.values.map((v, i) => (v === null ? '' : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="3" fill="${c}"><title>${esc(`${s.name} ${xLabels[i]}: ${fmt(v)}`)}</title></circle>`)).join('');
      return `<path d="${d}" fill="none" stroke="${c}" stroke-width="2"/>${open ? `<path class="incomplete" d="${open}" fill="none" stroke="${c}" stroke-width="2" stroke-dasharray="5 4"/>` : ''}${dots}${last ? `<text x="${(x(last[1]) + 6).toFixed(1)}" y="${(y(last[0]!) + 4).toFixed(1)}" fill="${c}">${esc(s.name)}</text>` : ''}`;
    })
    .join('');
  return `<svg role="img" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${grid}${ticks}${lines}</svg>`;
}

/** Colour for a score in −1..1 (red → grey → green), for heat cells. */
export function scoreColor(score: number | null | undefined): string {
  if (score === null || score === undefined || Number.isNaN(score)) return '#f1f3f7';
  const s = Math.max(-1, Math.min(1, score));
  return s < 0 ? `rgba(200,65,43,${(0.12 + 0.5 * -s).toFixed(2)})` : `rgba(31,138,76,${(0.12 + 0.5 * s).toFixed(2)})`;
}

/** A simple layered flow diagram (Sankey-like): nodes in depth columns, edges as bands. */
export function flowChart(nodes: ReadonlyArray<{ id: string; depth: number; label: string; count: number }>, edges: ReadonlyArray<{ source: string; target: string; count: number }>, opts: { width?: number } = {}): string {
  if (nodes.length === 0) return '<p class="empty">No paths.</p>';
  const W = opts.width ?? 1080;
  const depths = [...new Set(nodes.map((n) => n.depth))].sort((a, b) => a - b);
  const colW = W / Math.max(depths.length, 1);
  const maxCount = Math.max(...nodes.map((n) => n.count), 1);
  const unit = 260 / maxCount;
  const pos = new Map<string, { x: number; y: number; h: number; outY: number; inY: number }>();
  let H = 0;
  for (const d of depths) {
    let yy = 10;
    for (const n of nodes.filter((n) => n.depth === d).sort((a, b) => b.count - a.count)) {
      const h = Math.max(3, n.count * unit);
      pos.set(n.id, { x: 10 + depths.indexOf(d) * colW, y: yy, h, outY: yy, inY: yy });
      yy += h + 18;
    }
    H = Math.max(H, yy);
  }
  const bands = edges
    .filter((e) => pos.has(e.source) && pos.has(e.target))
    .map((e) => {
      const s = pos.get(e.source)!;
      const t = pos.get(e.target)!;
      const h = Math.max(1, e.count * unit);
      const x1 = s.x + 10, x2 = t.x, y1 = s.outY + h / 2, y2 = t.inY + h / 2;
      s.outY += h;
      t.inY += h;
      const mx = (x1 + x2) / 2;
      return `<path d="M${x1},${y1.toFixed(1)} C${mx},${y1.toFixed(1)} ${mx},${y2.toFixed(1)} ${x2},${y2.toFixed(1)}" stroke="#2f6fde" stroke-opacity=".25" stroke-width="${h.toFixed(1)}" fill="none"><title>${esc(`${e.source} → ${e.target}: ${e.count}`)}</title></path>`;
    })
    .join('');
  const boxes = nodes
    .filter((n) => pos.has(n.id))
    .map((n) => {
      const p = pos.get(n.id)!;
      return `<rect x="${p.x}" y="${p.y.toFixed(1)}" width="10" height="${p.h.toFixed(1)}" fill="#1d2330"/><text x="${p.x + 14}" y="${(p.y + Math.min(p.h, 14) / 2 + 4).toFixed(1)}">${esc(n.label)} (${num(n.count)})</text>`;
    })
    .join('');
  return `<svg role="img" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${bands}${boxes}</svg>`;
}

export const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);
export { pct };
