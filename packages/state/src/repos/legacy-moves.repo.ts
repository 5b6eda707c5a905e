import type { StateSession } from '../state-store.js';

/** Whether what `source` held was moved in already (the marker is written in the move's transaction). */
export async function legacyMoveDone(s: StateSession, source: string): Promise<boolean> {
  return (await s.query('SELECT 1 FROM legacy_moves WHERE source = $1', [source])).length > 0;
}

/** Mark `source` moved; false when another process marked it first (its transaction must then roll back). */
export async function markLegacyMove(s: StateSession, source: string, counts: Record<string, number>): Promise<boolean> {
  return (await s.exec('INSERT INTO legacy_moves (source, counts) VALUES ($1, $2::text::jsonb) ON CONFLICT (source) DO NOTHING', [source, JSON.stringify(counts)])) > 0;
}
