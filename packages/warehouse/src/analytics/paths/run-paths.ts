import { nodeId, pathsGraph, rankTopPaths, type PathPeopleCounts, type PathsDefinition, type PathsResult, type PathStepCount } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { labelOfId, withLabelIds } from '../sql/label-ids.sql.js';
import { pathLabelsSql, pathStepCountsSql, topPathsSql } from './paths.sql.js';

/** Step rows and, counting people, the distinct people per node and in all (labels read as ids, see label-ids.sql.ts). */
async function queryPathCounts(db: SqlSession, def: PathsDefinition): Promise<{ rows: PathStepCount[]; people?: PathPeopleCounts }> {
  return withLabelIds(db, (p) => pathLabelsSql(def, p), async (labels) => {
    const p = new Params(db.dialect);
    const all = await db.query<{ depth: unknown; label: unknown; next_label: unknown; lvl: unknown; paths: unknown }>(pathStepCountsSql(def, p, labels), p.values);
    const label = (v: unknown) => labelOfId(v, labels);
    const next = (v: unknown) => (v === null || v === undefined ? null : labelOfId(v, labels));
    const rows = all.filter((r) => Number(r.lvl) === 0).map((r) => ({ depth: Number(r.depth), label: label(r.label), next: next(r.next_label), count: Number(r.paths) }));
    if (def.countBy !== 'person') return { rows };
    const nodes = new Map(all.filter((r) => Number(r.lvl) === 1).map((r) => [nodeId(Number(r.depth), label(r.label)), Number(r.paths)]));
    return { rows, people: { nodes, total: Number(all.find((r) => Number(r.lvl) === 2)?.paths ?? 0) } };
  });
}

/** Step counts of a paths definition from the `events` table (see `pathStepCounts` in core). */
export async function queryPathStepCounts(db: SqlSession, def: PathsDefinition): Promise<PathStepCount[]> {
  return (await queryPathCounts(db, def)).rows;
}

/** The most common complete paths (ties at the cut included; `rankTopPaths` orders and cuts). */
export async function queryTopPaths(db: SqlSession, def: PathsDefinition, n: number): Promise<Array<{ steps: string[]; count: number }>> {
  return withLabelIds(db, (p) => pathLabelsSql(def, p), async (labels) => {
    const p = new Params(db.dialect);
    const rows = await db.query<{ path: unknown; paths: unknown }>(topPathsSql(def, p, n, labels), p.values);
    return rows.map((r) => ({ steps: (r.path as unknown[]).map((id) => labelOfId(id, labels)), count: Number(r.paths) }));
  });
}

/**
 * A paths (flows / Sankey) analysis on the warehouse: the same result as `paths` in core. The
 * complete paths (`topPaths`) are a second query, run only when asked for.
 */
export async function runPaths(db: SqlSession, def: PathsDefinition): Promise<PathsResult> {
  const { rows, people } = await queryPathCounts(db, def);
  const result = pathsGraph(def, rows, people);
  if (def.topPaths > 0) result.topPaths = rankTopPaths(await queryTopPaths(db, def, def.topPaths), def.topPaths, result.totalPaths);
  return result;
}
