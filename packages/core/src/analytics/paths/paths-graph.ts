import { pathsMode, type PathsDefinition, type PathsMode } from './paths.schema.js';

/**
 * The aggregate a paths result is built from; the TS reference and the SQL versions both
 * produce it, then share `pathsGraph`. One row per (depth, label, next label): `count` paths
 * were at step `label` at `depth` and went on to `next` at depth + 1 (`next` null: the path
 * ends there). Depth is relative to the anchor: 0..depth after a start, -depth..0 before an end.
 */
export interface PathStepCount {
  depth: number;
  label: string;
  next: string | null;
  count: number;
}

export interface PathNode {
  /** `depth:label`, unique (depth is an integer, so the first colon ends it). */
  id: string;
  depth: number;
  label: string;
  /** Paths passing through this step (each path is one session). */
  count: number;
  /** Paths ending at this step: the session ended, the depth limit or the end anchor was reached. */
  dropOff: number;
  /**
   * Moves out of this step: its drop-off plus every outgoing edge (drawn or not). The
   * denominator of `PathEdge.share` and `dropOffShare`, so a step's shares add up to 1. Counting
   * paths it equals `count`; counting people it can be more (a person whose visits left the step
   * two ways counts once per way).
   */
  exits: number;
  /** dropOff / exits (0 when nothing leaves). */
  dropOffShare: number;
}

export interface PathEdge {
  source: string;
  target: string;
  count: number;
  /** count / the source's `exits`: the edge's share of the moves out of its source. */
  share: number;
}

export interface PathsResult {
  mode: PathsMode;
  by: PathsDefinition['by'];
  depth: number;
  /** Paths drawn: sessions with an anchor (for `between`, reaching the end within `depth`). */
  totalPaths: number;
  /** Nodes of the anchor depth and every node an edge in `edges` touches; by depth, then count. */
  nodes: PathNode[];
  /** The edges drawn (see `pathsSchema`: `coverage` per step, every drawn node's largest edge, `top`), by count (ties: by source, then target). */
  edges: PathEdge[];
  /** The `coverage` asked for (1: every edge). */
  coverage: number;
  /** All moves between steps: the sum of every edge's count, drawn or not. */
  flow: number;
  /** Edges left out of `edges`, and the moves they carried (of `flow`). */
  otherEdges: number;
  otherCount: number;
  /** With `topPaths`: the most common complete paths, by count (ties: by their steps' text). */
  topPaths?: TopPath[];
}

export interface TopPath {
  /** Step labels in order, from the path's first step to its last. */
  steps: string[];
  count: number;
  /** count / totalPaths. */
  share: number;
}

const bySteps = (a: readonly string[], b: readonly string[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = byText(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
};

/** Order complete paths (count, then steps) and keep the first `n`, with their share of `total`. */
export function rankTopPaths(rows: ReadonlyArray<{ steps: string[]; count: number }>, n: number, total: number): TopPath[] {
  return [...rows]
    .sort((a, b) => b.count - a.count || bySteps(a.steps, b.steps))
    .slice(0, n)
    .map((r) => ({ steps: r.steps, count: r.count, share: total > 0 ? r.count / total : 0 }));
}

export const nodeId = (depth: number, label: string): string => `${depth}:${label}`;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * With `countBy: 'person'`, what summing step rows cannot give: distinct people per node
 * (`depth:label` id) and in all. The step rows themselves then count distinct people.
 */
export interface PathPeopleCounts {
  nodes: ReadonlyMap<string, number>;
  total: number;
}

const byCount = (a: PathEdge, b: PathEdge) => b.count - a.count || byText(a.source, b.source) || byText(a.target, b.target);

/**
 * The edges to draw: per step (source depth, in order) the fewest largest edges carrying at
 * least `coverage` of the step's moves, plus the largest outgoing edge of every node drawn by
 * then (anchors, and targets of the previous step's drawn edges); then at most `top`. Edges
 * come sorted by `byCount`, so "largest" and the cut are deterministic.
 */
function drawnEdges(edges: readonly PathEdge[], depthOf: ReadonlyMap<string, number>, anchors: ReadonlySet<string>, coverage: number, top: number | undefined): PathEdge[] {
  const perDepth = new Map<number, PathEdge[]>();
  for (const e of edges) {
    const d = depthOf.get(e.source)!;
    const list = perDepth.get(d);
    if (list) list.push(e);
    else perDepth.set(d, [e]);
  }
  const drawn = new Set<string>(anchors);
  const kept = new Set<PathEdge>();
  for (const d of [...perDepth.keys()].sort((a, b) => a - b)) {
    const list = perDepth.get(d)!;
    const flow = list.reduce((s, e) => s + e.count, 0);
    let carried = 0;
    for (const e of list) {
      if (carried >= coverage * flow) break;
      kept.add(e);
      carried += e.count;
    }
    const hasEdge = new Set<string>();
    for (const e of list) if (kept.has(e)) hasEdge.add(e.source);
    // The list is sorted, so the first edge of a source is its largest.
    for (const e of list) {
      if (drawn.has(e.source) && !hasEdge.has(e.source)) {
        kept.add(e);
        hasEdge.add(e.source);
      }
    }
    for (const e of list) if (kept.has(e)) drawn.add(e.source).add(e.target);
  }
  const out = edges.filter((e) => kept.has(e));
  return top === undefined ? out : out.slice(0, top);
}

/** Nodes, the drawn edges (see `pathsSchema`) and drop-offs of a Sankey chart from step counts. */
export function pathsGraph(def: PathsDefinition, rows: readonly PathStepCount[], people?: PathPeopleCounts): PathsResult {
  const nodes = new Map<string, PathNode>();
  const edges: PathEdge[] = [];
  let totalPaths = 0;
  for (const r of rows) {
    const id = nodeId(r.depth, r.label);
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { id, depth: r.depth, label: r.label, count: 0, dropOff: 0, exits: 0, dropOffShare: 0 }));
    n.count += r.count;
    n.exits += r.count;
    if (r.next === null) n.dropOff += r.count;
    else edges.push({ source: id, target: nodeId(r.depth + 1, r.next), count: r.count, share: 0 });
    if (r.depth === 0) totalPaths += r.count;
  }
  if (people) {
    for (const n of nodes.values()) n.count = people.nodes.get(n.id) ?? 0;
    totalPaths = people.total;
  }
  for (const n of nodes.values()) n.dropOffShare = n.exits > 0 ? n.dropOff / n.exits : 0;
  for (const e of edges) {
    const exits = nodes.get(e.source)!.exits;
    e.share = exits > 0 ? e.count / exits : 0;
  }
  edges.sort(byCount);
  const depthOf = new Map([...nodes.values()].map((n) => [n.id, n.depth]));
  const anchors = new Set([...nodes.values()].filter((n) => n.depth === 0).map((n) => n.id));
  const kept = drawnEdges(edges, depthOf, anchors, def.coverage, def.top);
  const shown = new Set(kept.flatMap((e) => [e.source, e.target]));
  const keptNodes = [...nodes.values()].filter((n) => n.depth === 0 || shown.has(n.id));
  keptNodes.sort((a, b) => a.depth - b.depth || b.count - a.count || byText(a.label, b.label));
  const flow = edges.reduce((s, e) => s + e.count, 0);
  const keptFlow = kept.reduce((s, e) => s + e.count, 0);
  return {
    mode: pathsMode(def),
    by: def.by,
    depth: def.depth,
    totalPaths,
    nodes: keptNodes,
    edges: kept,
    coverage: def.coverage,
    flow,
    otherEdges: edges.length - kept.length,
    otherCount: flow - keptFlow,
  };
}
