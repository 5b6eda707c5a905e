import { useMemo } from 'react';
import { SankeyChart } from 'echarts/charts';
import * as echarts from 'echarts/core';
import type { PathsResult } from '@trailmap/core';
import type { PathsCount } from './paths-query.js';
import { EChart, type ChartOption } from '../components/echart.js';
import { useI18n } from '../i18n/i18n.js';

// The shared wrapper registers line and bar charts only; the Sankey is registered here, for this page.
echarts.use([SankeyChart]);

const PALETTE = ['#2f5fd0', '#1e8449', '#d68910', '#8e44ad', '#c0392b', '#16a085', '#7f8c8d', '#b9770e', '#2e86c1', '#a93226', '#196f3d', '#6c3483'];

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface NodeDatum {
  name: string;
  label: string;
  step: number;
  count: number;
  dropOff: number;
  value: number;
  depth: number;
  itemStyle: { color: string };
}

/** The paths as an ECharts Sankey: one column per step, a node's height is its paths (exact, not the drawn edges' sum). */
export function PathsSankey({ result, count }: { result: PathsResult; count: PathsCount }) {
  const { t, fmt } = useI18n();
  const option = useMemo<ChartOption>(() => {
    const minDepth = Math.min(...result.nodes.map((n) => n.depth));
    const colours = new Map<string, string>();
    const colour = (label: string) => {
      if (!colours.has(label)) colours.set(label, PALETTE[colours.size % PALETTE.length]!);
      return colours.get(label)!;
    };
    const nodes: NodeDatum[] = result.nodes.map((n) => ({
      name: n.id,
      label: n.label,
      step: n.depth,
      count: n.count,
      dropOff: n.dropOff,
      value: n.count,
      depth: n.depth - minDepth,
      itemStyle: { color: colour(n.label) },
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
              `<b>${escapeHtml(n.label)}</b>`,
              escapeHtml(t('paths.step', { n: fmt.int(n.step) })),
              escapeHtml(t(count === 'person' ? 'paths.node.people' : 'paths.node.paths', { n: fmt.int(n.count) })),
              escapeHtml(t('paths.node.dropOff', { n: fmt.int(n.dropOff), rate: fmt.pct(n.count > 0 ? n.dropOff / n.count : null) })),
            ].join('<br/>');
          }
          const e = p.data as { source: string; target: string; value: number };
          const s = byId.get(e.source);
          const d = byId.get(e.target);
          return [
            `<b>${escapeHtml(s?.label ?? e.source)} → ${escapeHtml(d?.label ?? e.target)}</b>`,
            escapeHtml(t(count === 'person' ? 'paths.edge.people' : 'paths.edge.paths', { n: fmt.int(e.value), rate: fmt.pct(s && s.count > 0 ? e.value / s.count : null), source: s?.label ?? e.source })),
          ].join('<br/>');
        },
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 190,
          top: 8,
          bottom: 8,
          nodeAlign: 'left',
          nodeGap: 10,
          draggable: false,
          layoutIterations: 32,
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
          label: {
            formatter: (p: { data: NodeDatum }) => `${p.data.label} (${fmt.int(p.data.count)})`,
            width: 180,
            overflow: 'truncate',
          },
          data: nodes,
          links: result.edges.map((e) => ({ source: e.source, target: e.target, value: e.count })),
        },
      ],
    };
  }, [result, count, t, fmt]);
  const perColumn = new Map<number, number>();
  for (const n of result.nodes) perColumn.set(n.depth, (perColumn.get(n.depth) ?? 0) + 1);
  const height = Math.max(360, Math.min(900, Math.max(0, ...perColumn.values()) * 34));
  return <EChart option={option} label={t('paths.chart')} height={height} testId="paths-sankey" />;
}
