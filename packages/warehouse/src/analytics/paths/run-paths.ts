import { pathsGraph, rankTopPaths, type PathsDefinition, type PathsResult, type PathStepCount } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { pathStepCountsSql, topPathsSql } from './paths.sql.js';

/** Step counts of a paths definition from the `events` table (see `pathStepCounts` in core). */
export async function queryPathStepCounts(db: SqlSession, def: PathsDefinition): Promise<PathStepCount[]> {
  const p = new Params(db.dialect);
  const sql = pathStepCountsSql(def, p);
  const rows = await db.query<{ depth: unknown; label: string; next_label: string | null; paths: unknown }>(sql, p.values);
  return rows.map((r) => ({ depth: Number(r.depth), label: String(r.label), next: r.next_label === null || r.next_label === undefined ? null : String(r.next_label), count: Number(r.paths) }));
}

/** The most common complete paths (ties at the cut included; `rankTopPaths` orders and cuts). */
export async function queryTopPaths(db: SqlSession, def: PathsDefinition, n: number): Promise<Array<{ steps: string[]; count: number }>> {
  const p = new Params(db.dialect);
  const rows = await db.query<{ path: unknown; paths: unknown }>(topPathsSql(def, p, n), p.values);
  return rows.map((r) => ({ steps: (r.path as unknown[]).map(String), count: Number(r.paths) }));
}

/**
 * A paths (flows / Sankey) analysis on the warehouse: the same result as `paths` in core. The
 * complete paths (`topPaths`) are a second query, run only when asked for.
 */
export async function runPaths(db: SqlSession, def: PathsDefinition): Promise<PathsResult> {
  const result = pathsGraph(def, await queryPathStepCounts(db, def));
  if (def.topPaths > 0) result.topPaths = rankTopPaths(await queryTopPaths(db, def, def.topPaths), def.topPaths, result.totalPaths);
  return result;
}
