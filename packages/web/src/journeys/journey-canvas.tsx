import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { applyNodeChanges, Background, Controls, MarkerType, ReactFlow, type Connection, type Edge, type EdgeChange, type NodeChange } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import type { JourneyDefinition, JourneyStats } from '@trailmap/core';
import { useI18n } from '../i18n/i18n.js';
import { connect, deleteStep, layout, outEdges, TRIGGER_NODE, triggerPosition } from './journey-graph.js';
import { edgeLabel, StepNode, TriggerNode, type StepFlowNode, type TriggerFlowNode } from './step-node.js';

const NODE_TYPES = { step: StepNode, trigger: TriggerNode };
type FlowNode = StepFlowNode | TriggerFlowNode;

export const edgeId = (source: string, handle: string) => `${source}:${handle}`;

interface Props {
  def: JourneyDefinition;
  stats: JourneyStats | null;
  /** Issues per step id. */
  issues: Map<string, number>;
  selected: string | null;
  onSelect(id: string | null): void;
  onChange(def: JourneyDefinition): void;
  readOnly: boolean;
}

/**
 * The journey as a graph on an @xyflow/react canvas: the trigger, then one node per step with its
 * live counts; edges from `stepTargets`. Dragging a node writes its place into the step's `ui`,
 * dragging from a handle to a node sets that edge, Delete removes the selected step or edge.
 */
export function JourneyCanvas({ def, stats, issues, selected, onSelect, onChange, readOnly }: Props) {
  const { t } = useI18n();
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  const [selectedEdge, setSelectedEdge] = useState<string | null>(null);
  // Where each step without `ui` was first laid out: it stays there while the graph is edited (no jumps).
  const placed = useRef(new Map<string, { x: number; y: number }>());
  // The draft as the last edit left it: a deletion calls the node and the edge handlers in one
  // tick, before a re-render, and each must build on the other's edit.
  const latest = useRef(def);
  latest.current = def;
  const edit = useCallback(
    (update: (d: JourneyDefinition) => JourneyDefinition) => {
      const next = update(latest.current);
      if (next === latest.current) return;
      latest.current = next;
      onChange(next);
    },
    [onChange],
  );

  const built = useMemo<FlowNode[]>(() => {
    const auto = layout(def);
    const pos = new Map<string, { x: number; y: number }>();
    for (const s of def.steps) {
      const p = s.ui ?? placed.current.get(s.id) ?? auto.get(s.id) ?? { x: 0, y: 0 };
      if (!s.ui) placed.current.set(s.id, p);
      pos.set(s.id, p);
    }
    const byStep = new Map((stats?.steps ?? []).map((s) => [s.stepId, s]));
    const trigger: TriggerFlowNode = {
      id: TRIGGER_NODE,
      type: 'trigger',
      position: triggerPosition(def, pos),
      data: { trigger: def.trigger, entered: stats ? stats.entered : null },
      deletable: false,
      ariaLabel: t('jb.node.aria.trigger'),
    };
    const steps = def.steps.map<StepFlowNode>((s) => ({
      id: s.id,
      type: 'step',
      position: pos.get(s.id) ?? { x: 0, y: 0 },
      data: { step: s, outs: outEdges(s), stats: byStep.get(s.id) ?? null, issues: issues.get(s.id) ?? 0, isStart: def.start === s.id },
      ariaLabel: t('jb.node.aria.step', { type: t(`jb.type.${s.type}`), id: s.id }),
    }));
    return [trigger, ...steps];
  }, [def, stats, issues, t]);

  // Rebuilt from the draft, keeping what the canvas measured and the selection.
  useEffect(() => {
    setNodes((prev) => {
      const old = new Map(prev.map((n) => [n.id, n]));
      return built.map((n) => ({ ...n, ...(old.get(n.id)?.measured ? { measured: old.get(n.id)!.measured } : {}), selected: n.id === selected }) as FlowNode);
    });
  }, [built, selected]);

  const edges = useMemo<Edge[]>(() => {
    const ids = new Set(def.steps.map((s) => s.id));
    const out: Edge[] = [];
    if (ids.has(def.start)) out.push({ id: edgeId(TRIGGER_NODE, 'start'), source: TRIGGER_NODE, sourceHandle: 'start', target: def.start, deletable: false, markerEnd: { type: MarkerType.ArrowClosed } });
    for (const s of def.steps) {
      for (const e of outEdges(s)) {
        if (e.target === null || !ids.has(e.target)) continue;
        const label = edgeLabel(e, t);
        const id = edgeId(s.id, e.handle);
        out.push({
          id,
          source: s.id,
          sourceHandle: e.handle,
          target: e.target,
          markerEnd: { type: MarkerType.ArrowClosed },
          selected: id === selectedEdge,
          className: `jedge kind-${e.kind}`,
          ...(label ? { label, labelBgPadding: [4, 2] as [number, number], labelBgBorderRadius: 3 } : {}),
          ...(e.kind === 'body' ? { animated: true } : {}),
        });
      }
    }
    return out;
  }, [def, t, selectedEdge]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      setNodes((ns) => applyNodeChanges(changes, ns));
      for (const c of changes) {
        if (c.type === 'select' && c.selected) {
          onSelect(c.id);
          setSelectedEdge(null);
        }
      }
      if (readOnly) return;
      edit((d) => {
        let next = d;
        for (const c of changes) {
          if (c.type === 'position' && c.dragging === false && c.position && c.id !== TRIGGER_NODE) {
            const ui = { x: Math.round(c.position.x), y: Math.round(c.position.y) };
            next = { ...next, steps: next.steps.map((s) => (s.id === c.id ? { ...s, ui } : s)) };
          } else if (c.type === 'remove' && c.id !== TRIGGER_NODE) next = deleteStep(next, c.id);
        }
        return next;
      });
    },
    [edit, onSelect, readOnly],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      for (const c of changes) if (c.type === 'select') setSelectedEdge(c.selected ? c.id : null);
      if (readOnly) return;
      edit((d) => {
        let next = d;
        for (const c of changes) {
          if (c.type !== 'remove') continue;
          const [source, handle] = c.id.split(':') as [string, string];
          // An edge out of a step deleted in the same gesture: nothing left to change.
          if (source !== TRIGGER_NODE && next.steps.some((s) => s.id === source)) next = connect(next, source, handle, null);
        }
        return next;
      });
    },
    [edit, readOnly],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (readOnly || c.target === TRIGGER_NODE) return;
      edit((d) => connect(d, c.source, c.sourceHandle ?? 'next', c.target));
    },
    [edit, readOnly],
  );

  return (
    <div className="journey-canvas" data-testid="journey-canvas" aria-label={t('jb.canvas')} role="region">
      <ReactFlow<FlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onPaneClick={() => {
          onSelect(null);
          setSelectedEdge(null);
        }}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
        fitView
        fitViewOptions={{ padding: 0.2 }}
        minZoom={0.2}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
