import { randomUUID } from 'node:crypto';
import type { Insight, InsightFields, InsightKind, InsightPatch } from '@trailmap/core';
import type { StateSession, StateStore } from '../state-store.js';

type Row = { id: string; kind: string; name: string; description: string; chart: string; definition: unknown; view: string | null; created_at: Date | string; updated_at: Date | string };

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();

/** A stored row as the API answers it (the definition is kept as jsonb: an object). */
export const toInsight = (r: Row): Insight => ({
  id: r.id,
  kind: r.kind as Insight['kind'],
  name: r.name,
  description: r.description,
  chart: r.chart as Insight['chart'],
  definition: (typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition) as Record<string, unknown>,
  view: r.view,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** Saved insights, the latest changed first; optionally of one kind. */
export async function listInsights(s: StateSession, filter: { kind?: InsightKind | undefined } = {}): Promise<Insight[]> {
  const rows = filter.kind
    ? await s.query<Row>('SELECT * FROM insights WHERE kind = $1 ORDER BY updated_at DESC, id', [filter.kind])
    : await s.query<Row>('SELECT * FROM insights ORDER BY updated_at DESC, id');
  return rows.map(toInsight);
}

export async function getInsight(s: StateSession, id: string): Promise<Insight | null> {
  const [row] = await s.query<Row>('SELECT * FROM insights WHERE id = $1', [id]);
  return row ? toInsight(row) : null;
}

/** Store a new insight (the caller has checked the definition against its kind's schema). */
export async function createInsight(s: StateSession, f: InsightFields): Promise<Insight> {
  const [row] = await s.query<Row>(
    `INSERT INTO insights (id, kind, name, description, chart, definition, view, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, now(), now()) RETURNING *`,
    [randomUUID(), f.kind, f.name, f.description, f.chart, JSON.stringify(f.definition), f.view],
  );
  return toInsight(row!);
}

/**
 * Set the fields the patch names in one UPDATE of that row. A new definition without a view
 * clears the stored view (the page query it was saved from no longer describes it). Null when
 * there is no such insight.
 */
export async function updateInsight(s: StateSession, id: string, patch: InsightPatch): Promise<Insight | null> {
  const params: unknown[] = [];
  const sets: string[] = [];
  if (patch.name !== undefined) sets.push(`name = $${params.push(patch.name)}`);
  if (patch.description !== undefined) sets.push(`description = $${params.push(patch.description)}`);
  if (patch.chart !== undefined) sets.push(`chart = $${params.push(patch.chart)}`);
  if (patch.definition !== undefined) sets.push(`definition = $${params.push(JSON.stringify(patch.definition))}::text::jsonb`);
  if (patch.view !== undefined) sets.push(`view = $${params.push(patch.view)}`);
  else if (patch.definition !== undefined) sets.push('view = NULL');
  sets.push('updated_at = now()');
  const [row] = await s.query<Row>(`UPDATE insights SET ${sets.join(', ')} WHERE id = $${params.push(id)} RETURNING *`, params);
  return row ? toInsight(row) : null;
}

/**
 * Delete an insight and its tiles (one transaction); the dashboards that showed it are named and
 * marked changed. Null when there is no such insight.
 */
export async function deleteInsight(state: StateStore, id: string): Promise<{ dashboards: string[] } | null> {
  return state.transaction(async (tx) => {
    const boards = await tx.query<{ id: string }>(
      `UPDATE dashboards SET updated_at = now() WHERE id IN (SELECT dashboard_id FROM dashboard_tiles WHERE insight_id = $1) RETURNING id`,
      [id],
    );
    const n = await tx.exec('DELETE FROM insights WHERE id = $1', [id]);
    return n > 0 ? { dashboards: boards.map((b) => b.id).sort() } : null;
  });
}
