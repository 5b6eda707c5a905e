import { pathsGraph, type PathsDefinition, type PathsResult, type PathStepCount } from '@trailmap/core';
import { Params } from '../../dialect/dialect.js';
import type { SqlSession } from '../../warehouse.js';
import { pathStepCountsSql } from './paths.sql.js';

/** Step counts of a paths definition from the `events` table (see `pathStepCounts` in core). */
export async function queryPathStepCounts(db: SqlSession, def: PathsDefinition): Promise<PathStepCount[]> {
  const p = new Params(db.dialect);
  const sql = pathStepCountsSql(def, p);
  const rows = await db.query<{ depth: unknown; label: string; next_label: string | null; paths: unknown }>(sql, p.values);
  return rows.map((r) => ({ depth: Number(r.depth), label: String(r.label), next: r.next_label === null || r.next_label === undefined ? null : String(r.next_label), count: Number(r.paths) }));
}

/** A paths (flows / Sankey) analysis on the warehouse: the same result as `paths` in core. */
export const runPaths = async (db: SqlSession, def: PathsDefinition): Promise<PathsResult> => pathsGraph(def, await queryPathStepCounts(db, def));
