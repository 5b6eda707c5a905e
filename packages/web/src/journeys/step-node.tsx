import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { JourneyStep, JourneyTrigger, StepStats } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import type { Translate } from '../i18n/format.js';
import type { OutEdge } from './journey-graph.js';
import { STEP_ICONS, stepSummary, triggerSummary } from './step-summary.js';

export type StepNodeData = { step: JourneyStep; outs: OutEdge[]; stats: StepStats | null; issues: number; isStart: boolean };
export type TriggerNodeData = { trigger: JourneyTrigger; entered: number | null };
export type StepFlowNode = Node<StepNodeData, 'step'>;
export type TriggerFlowNode = Node<TriggerNodeData, 'trigger'>;

/** The label of an outgoing edge (its handle and its line): branch label / otherwise, variant and percent, event / timeout, body / then. */
export function edgeLabel(e: OutEdge, t: Translate): string {
  switch (e.kind) {
    case 'branch':
      return e.name ?? '';
    case 'variant':
      return `${e.name} ${e.percent}%`;
    case 'next':
    case 'start':
      return '';
    default:
      return t(`jb.edge.${e.kind}`);
  }
}

function Outs({ outs }: { outs: OutEdge[] }) {
  const { t } = useI18n();
  return (
    <>
      {outs.map((o, k) => {
        const left = `${((k + 1) / (outs.length + 1)) * 100}%`;
        const label = edgeLabel(o, t);
        return (
          <Handle key={o.handle} id={o.handle} type="source" position={Position.Bottom} style={{ left }} className="jnode-out" data-handle={o.handle} title={label || t('jb.edge.next')}>
            {/* A connected edge carries its label on the line; an open handle says which edge it starts. */}
            {label && o.target === null && <span className="jnode-out-label">{label}</span>}
          </Handle>
        );
      })}
    </>
  );
}

export const StepNode = memo(function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const { t, fmt } = useI18n();
  const s = data.step;
  return (
    <div className={`jnode type-${s.type}${selected ? ' selected' : ''}${data.issues ? ' invalid' : ''}`} data-testid="journey-node" data-step-id={s.id} data-type={s.type} data-issues={data.issues}>
      <Handle type="target" position={Position.Top} className="jnode-in" />
      <div className="jnode-head">
        <span aria-hidden="true" className="jnode-icon">
          {STEP_ICONS[s.type]}
        </span>
        <span className="jnode-type">{t(`jb.type.${s.type}`)}</span>
        {data.issues > 0 && (
          <span className="jnode-issues" data-testid="node-issues">
            {t('jb.node.issues', { n: data.issues })}
          </span>
        )}
      </div>
      <div className="jnode-title">{s.label || s.id}</div>
      {s.label && <code className="jnode-id">{s.id}</code>}
      <div className="jnode-summary">{stepSummary(s, t)}</div>
      <div className="jnode-counts" data-testid="node-counts" data-reached={data.stats?.reached ?? ''} data-waiting={data.stats?.waiting ?? ''}>
        {data.stats ? t('jb.node.counts', { reached: fmt.int(data.stats.reached), waiting: fmt.int(data.stats.waiting) }) : t('jb.node.noCounts')}
      </div>
      <Outs outs={data.outs} />
    </div>
  );
});

export const TriggerNode = memo(function TriggerNode({ data, selected }: NodeProps<TriggerFlowNode>) {
  const { t, fmt } = useI18n();
  return (
    <div className={`jnode trigger${selected ? ' selected' : ''}`} data-testid="journey-node" data-step-id="__trigger" data-type="trigger">
      <div className="jnode-head">
        <span aria-hidden="true" className="jnode-icon">
          {STEP_ICONS.trigger}
        </span>
        <span className="jnode-type">{t(`jb.trigger.${data.trigger.type}`)}</span>
      </div>
      <div className="jnode-title">{t('jb.node.trigger')}</div>
      <div className="jnode-summary">{triggerSummary(data.trigger, t)}</div>
      {data.entered !== null && <div className="jnode-counts">{t('jb.node.entered', { n: fmt.int(data.entered) })}</div>}
      <Handle type="source" position={Position.Bottom} id="start" className="jnode-out" />
    </div>
  );
});
