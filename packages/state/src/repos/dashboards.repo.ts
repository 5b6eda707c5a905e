import { randomUUID } from 'node:crypto';
import type { Dashboard, DashboardFields, DashboardPatch, DashboardSummary } from '@trailmap/core';
import type { StateSession, StateStore } from '../state-store.js';
import { toInsight } from './insights.repo.js';

type Row = { id: string; name: string; description: string; created_at: Date | string; updated_at: Date | string };
type Tile = DashboardFields['tiles'][number];

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** A tile names an insight that is not stored: its index in the tile list. */
export interface MissingInsight {
  missing: { index: number; insightId: string };
}

/** Every dashboard with its tile count, the latest changed first. */
export async function listDashboards(s: StateSession): Promise<DashboardSummary[]> {
  const rows = await s.query<Row & { tiles: number }>(
    `SELECT d.*, (SELECT count(*)::int FROM dashboard_tiles t WHERE t.dashboard_id = d.id) AS tiles FROM dashboards d ORDER BY d.updated_at DESC, d.id`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, tiles: Number(r.tiles), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) }));
}

/** One dashboard with each tile's insight, in grid order; null when there is none with that id. */
export async function getDashboard(s: StateSession, id: string): Promise<Dashboard | null> {
  const [row] = await s.query<Row>('SELECT * FROM dashboards WHERE id = $1', [id]);
  if (!row) return null;
  const tiles = await s.query<{ width: number; i_id: string; kind: string; name: string; description: string; chart: string; definition: unknown; view: string | null; created_at: Date | string; updated_at: Date | string }>(
    `SELECT t.width, i.id AS i_id, i.kind, i.name, i.description, i.chart, i.definition, i.view, i.created_at, i.updated_at
       FROM dashboard_tiles t JOIN insights i ON i.id = t.insight_id
      WHERE t.dashboard_id = $1 ORDER BY t.position`,
    [id],
  );
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tiles: tiles.map((t) => ({ insightId: t.i_id, width: Number(t.width), insight: toInsight({ ...t, id: t.i_id }) })),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The first tile whose insight is not stored, or null. */
async function missingInsight(tx: StateSession, tiles: readonly Tile[]): Promise<MissingInsight | null> {
  if (tiles.length === 0) return null;
  const ids = [...new Set(tiles.map((t) => t.insightId))];
  const found = new Set((await tx.query<{ id: string }>('SELECT id FROM insights WHERE id = ANY($1::text[])', [ids])).map((r) => r.id));
  const index = tiles.findIndex((t) => !found.has(t.insightId));
  return index < 0 ? null : { missing: { index, insightId: tiles[index]!.insightId } };
}

async function writeTiles(tx: StateSession, id: string, tiles: readonly Tile[]): Promise<void> {
  await tx.exec('DELETE FROM dashboard_tiles WHERE dashboard_id = $1', [id]);
  for (const [i, t] of tiles.entries()) {
    await tx.exec('INSERT INTO dashboard_tiles (dashboard_id, position, insight_id, width) VALUES ($1, $2, $3, $4)', [id, i, t.insightId, t.width]);
  }
}

/** A new dashboard; every tile must name a stored insight (checked in the same transaction). */
export async function createDashboard(state: StateStore, f: DashboardFields): Promise<Dashboard | MissingInsight> {
  const id = randomUUID();
  return state.transaction(async (tx) => {
    const missing = await missingInsight(tx, f.tiles);
    if (missing) return missing;
    await tx.exec('INSERT INTO dashboards (id, name, description, created_at, updated_at) VALUES ($1, $2, $3, now(), now())', [id, f.name, f.description]);
    await writeTiles(tx, id, f.tiles);
    return (await getDashboard(tx, id))!;
  });
}

/** Set the named fields; `tiles` replaces the grid. Null when there is no such dashboard. */
export async function updateDashboard(state: StateStore, id: string, patch: DashboardPatch): Promise<Dashboard | MissingInsight | null> {
  return state.transaction(async (tx) => {
    if (patch.tiles) {
      const missing = await missingInsight(tx, patch.tiles);
      if (missing) return missing;
    }
    const params: unknown[] = [];
    const sets: string[] = [];
    if (patch.name !== undefined) sets.push(`name = $${params.push(patch.name)}`);
    if (patch.description !== undefined) sets.push(`description = $${params.push(patch.description)}`);
    sets.push('updated_at = now()');
    const n = await tx.exec(`UPDATE dashboards SET ${sets.join(', ')} WHERE id = $${params.push(id)}`, params);
    if (n === 0) return null;
    if (patch.tiles) await writeTiles(tx, id, patch.tiles);
    return (await getDashboard(tx, id))!;
  });
}

export async function deleteDashboard(s: StateSession, id: string): Promise<boolean> {
  return (await s.exec('DELETE FROM dashboards WHERE id = $1', [id])) > 0;
}

export const isMissingInsight = (r: unknown): r is MissingInsight => typeof r === 'object' && r !== null && 'missing' in r;
