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
}

export interface PathEdge {
  source: string;
  target: string;
  count: number;
}

export interface PathsResult {
  mode: PathsMode;
  by: PathsDefinition['by'];
  depth: number;
  /** Paths drawn: sessions with an anchor (for `between`, reaching the end within `depth`). */
  totalPaths: number;
  /** Nodes of the anchor depth and every node an edge in `edges` touches; by depth, then count. */
  nodes: PathNode[];
  /** The `top` edges by count (ties: by source, then target). */
  edges: PathEdge[];
  /** Edges left out of `edges` because of `top`, and the paths they carried ("other"). */
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

/** Nodes, top-K edges and drop-offs of a Sankey chart from step counts. */
export function pathsGraph(def: PathsDefinition, rows: readonly PathStepCount[], people?: PathPeopleCounts): PathsResult {
  const nodes = new Map<string, PathNode>();
  const edges: PathEdge[] = [];
  let totalPaths = 0;
  for (const r of rows) {
    const id = nodeId(r.depth, r.label);
    let n = nodes.get(id);
    if (!n) nodes.set(id, (n = { id, depth: r.depth, label: r.label, count: 0, dropOff: 0 }));
    n.count += r.count;
    if (r.next === null) n.dropOff += r.count;
    else edges.push({ source: id, target: nodeId(r.depth + 1, r.next), count: r.count });
    if (r.depth === 0) totalPaths += r.count;
  }
  if (people) {
    for (const n of nodes.values()) n.count = people.nodes.get(n.id) ?? 0;
    totalPaths = people.total;
  }
  edges.sort((a, b) => b.count - a.count || byText(a.source, b.source) || byText(a.target, b.target));
  const kept = edges.slice(0, def.top);
  const shown = new Set(kept.flatMap((e) => [e.source, e.target]));
  const keptNodes = [...nodes.values()].filter((n) => n.depth === 0 || shown.has(n.id));
  keptNodes.sort((a, b) => a.depth - b.depth || b.count - a.count || byText(a.label, b.label));
  const other = edges.slice(def.top);
  return {
    mode: pathsMode(def),
    by: def.by,
    depth: def.depth,
    totalPaths,
    nodes: keptNodes,
    edges: kept,
    otherEdges: other.length,
    otherCount: other.reduce((s, e) => s + e.count, 0),
  };
}
