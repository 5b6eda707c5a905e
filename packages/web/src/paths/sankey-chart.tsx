import { useEffect, useMemo, useRef, useState } from 'react';
import { SankeyChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { PathsResult } from '@trailmap/core';
import type { PathsCount } from './paths-query.js';
import { EChart, type ChartOption } from '../components/echart.js';
import { useDisplayNames } from '../api/display-names.js';
import { useI18n } from '../i18n/i18n.js';

// The shared wrapper registers line and bar charts only; the Sankey is registered here, for this
// page, drawn as SVG so its labels are text in the page (checked for overlaps by the browser tests).
echarts.use([SankeyChart, SVGRenderer]);

const PALETTE = ['#2f5fd0', '#1e8449', '#d68910', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#b9770e', '#2e86c1', '#a93226', '#196f3d', '#6c3483'];

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Layout constants shared by the option and the label plan. */
const MARGIN = { left: 8, top: 8, bottom: 8 };
const NODE_WIDTH = 20;
const NODE_GAP = 10;
/** A label is drawn only beside a node at least this tall (px): a 12 px line then fits in the node's own band, so labels of one column cannot overlap. */
export const LABEL_MIN_HEIGHT = 15;

interface NodeDatum {
  name: string;
  /** The step's name (`label` of a data item is ECharts' label style). */
  title: string;
  step: number;
  count: number;
  dropOff: number;
  dropOffShare: number;
  value: number;
  depth: number;
  itemStyle: { color: string };
  /** Present (hidden) on nodes too thin for a label. */
  label?: { show: false };
}

/**
 * Which nodes get a label and how wide labels may be, from the layout ECharts will compute: a
 * node is as tall as max(its value, in-flow, out-flow) × the scale of the fullest column
 * (ECharts' sankey layout), and a label may not reach the next column.
 */
function labelPlan(result: PathsResult, width: number, height: number) {
  const value = new Map(result.nodes.map((n) => [n.id, n.count]));
  const inflow = new Map<string, number>();
  const outflow = new Map<string, number>();
  for (const e of result.edges) {
    inflow.set(e.target, (inflow.get(e.target) ?? 0) + e.count);
    outflow.set(e.source, (outflow.get(e.source) ?? 0) + e.count);
  }
  const size = new Map(result.nodes.map((n) => [n.id, Math.max(value.get(n.id) ?? 0, inflow.get(n.id) ?? 0, outflow.get(n.id) ?? 0)]));
  const columns = new Map<number, string[]>();
  for (const n of result.nodes) columns.set(n.depth, [...(columns.get(n.depth) ?? []), n.id]);
  const inner = height - MARGIN.top - MARGIN.bottom;
  let ky = Number.POSITIVE_INFINITY;
  for (const ids of columns.values()) {
    const sum = ids.reduce((s, id) => s + size.get(id)!, 0);
    if (sum > 0) ky = Math.min(ky, (inner - (ids.length - 1) * NODE_GAP) / sum);
  }
  const nCols = columns.size;
  // Space between two columns' nodes (the last column's labels use the right margin, as wide).
  const fit = Math.min(180, nCols > 1 ? (width - MARGIN.left - NODE_WIDTH) / nCols - NODE_WIDTH - 12 : 180);
  // Too narrow for readable labels (a phone with many steps): none, the tables below name every node.
  if (fit < 40) return { labelWidth: 0, right: 8, shown: new Set<string>() };
  const shown = new Set(result.nodes.filter((n) => size.get(n.id)! * ky >= LABEL_MIN_HEIGHT).map((n) => n.id));
  return { labelWidth: Math.floor(fit), right: Math.floor(fit) + 10, shown };
}

/** The paths as an ECharts Sankey: one column per step, a node's height is its count (exact, not the drawn edges' sum). */
export function PathsSankey({ result, count }: { result: PathsResult; count: PathsCount }) {
  const { t, fmt } = useI18n();
  const names = useDisplayNames();
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    if (!box.current) return;
    const ro = new ResizeObserver(([e]) => setWidth(Math.round(e!.contentRect.width)));
    ro.observe(box.current);
    return () => ro.disconnect();
  }, []);
  const perColumn = new Map<number, number>();
  for (const n of result.nodes) perColumn.set(n.depth, (perColumn.get(n.depth) ?? 0) + 1);
  const height = Math.max(360, Math.min(900, Math.max(0, ...perColumn.values()) * 34));
  const option = useMemo<ChartOption>(() => {
    const plan = labelPlan(result, width, height);
    const minDepth = Math.min(...result.nodes.map((n) => n.depth));
    const colours = new Map<string, string>();
    const colour = (label: string) => {
      if (!colours.has(label)) colours.set(label, PALETTE[colours.size % PALETTE.length]!);
      return colours.get(label)!;
    };
    const nodes = result.nodes.map((n): NodeDatum => ({
      name: n.id,
      title: names.touchpoint(n.label),
      step: n.depth,
      count: n.count,
      dropOff: n.dropOff,
      dropOffShare: n.dropOffShare,
      value: n.count,
      depth: n.depth - minDepth,
      itemStyle: { color: colour(n.label) },
      ...(plan.shown.has(n.id) ? {} : { label: { show: false as const } }),
    }));
    const byId = new Map(nodes.map((n) => [n.name, n]));
    return {
      // Drawn at once: a growing animation would show columns without their nodes for a second.
      animation: false,
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (p: { dataType?: string; data: unknown }) => {
          if (p.dataType === 'node') {
            const n = p.data as NodeDatum;
            return [
              `<b>${escapeHtml(n.title)}</b>`,
              escapeHtml(t('paths.step', { n: fmt.int(n.step) })),
              escapeHtml(t(count === 'person' ? 'paths.node.people' : 'paths.node.paths', { n: fmt.int(n.count) })),
              escapeHtml(t('paths.node.dropOff', { n: fmt.int(n.dropOff), rate: fmt.pct(n.dropOffShare) })),
            ].join('<br/>');
          }
          const e = p.data as { source: string; target: string; value: number; share: number };
          const s = byId.get(e.source);
          const d = byId.get(e.target);
          return [
            `<b>${escapeHtml(s?.title ?? e.source)} → ${escapeHtml(d?.title ?? e.target)}</b>`,
            escapeHtml(t(count === 'person' ? 'paths.edge.people' : 'paths.edge.paths', { n: fmt.int(e.value), rate: fmt.pct(e.share), source: s?.title ?? e.source })),
          ].join('<br/>');
        },
      },
      series: [
        {
          type: 'sankey',
          left: MARGIN.left,
          right: plan.right,
          top: MARGIN.top,
          bottom: MARGIN.bottom,
          nodeWidth: NODE_WIDTH,
          nodeAlign: 'left',
          nodeGap: NODE_GAP,
          draggable: false,
          layoutIterations: 32,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
          label: {
            formatter: (p: { data: NodeDatum }) => `${p.data.title} (${fmt.int(p.data.count)})`,
            width: plan.labelWidth,
            overflow: 'truncate',
          },
          labelLayout: { hideOverlap: true },
          data: nodes,
          links: result.edges.map((e) => ({ source: e.source, target: e.target, value: e.count, share: e.share })),
        },
      ],
    };
  }, [result, count, t, fmt, width, height, names]);
  return (
    <div ref={box}>
      {width > 0 && <EChart option={option} label={t('paths.chart')} height={height} testId="paths-sankey" renderer="svg" />}
    </div>
  );
}
