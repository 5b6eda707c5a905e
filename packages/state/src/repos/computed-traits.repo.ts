import { randomUUID } from 'node:crypto';
import { computedTraitDefinitionSchema, type ComputedTraitDefinition, type SavedComputedTrait } from '@trailmap/core';
import type { StateSession } from '../state-store.js';

type Row = { id: string; key: string; name: string; definition: unknown; created_at: Date | string; updated_at: Date | string };

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const definitionOf = (r: Row): ComputedTraitDefinition => computedTraitDefinitionSchema.parse(typeof r.definition === 'string' ? JSON.parse(r.definition) : r.definition);

function toTrait(r: Row): SavedComputedTrait {
  return { id: r.id, key: r.key, name: r.name, definition: definitionOf(r), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at) };
}

/** Every saved computed trait, by key. */
export async function listComputedTraits(s: StateSession): Promise<SavedComputedTrait[]> {
  return (await s.query<Row>('SELECT * FROM computed_traits ORDER BY key')).map(toTrait);
}

/** The saved definitions by key (what a segment rule's computedTrait condition refers to). */
export async function computedTraitDefinitions(s: StateSession): Promise<Map<string, ComputedTraitDefinition>> {
  return new Map((await listComputedTraits(s)).map((t) => [t.key, t.definition]));
}

export async function getComputedTrait(s: StateSession, key: string): Promise<SavedComputedTrait | null> {
  const rows = await s.query<Row>('SELECT * FROM computed_traits WHERE key = $1', [key]);
  return rows[0] ? toTrait(rows[0]) : null;
}

/** Save a definition under its key and name. Null when the key is taken. */
export async function createComputedTrait(s: StateSession, def: ComputedTraitDefinition): Promise<SavedComputedTrait | null> {
  const rows = await s.query<Row>(
    `INSERT INTO computed_traits (id, key, name, definition, created_at, updated_at)
     VALUES ($1, $2, $3, $4::text::jsonb, now(), now()) ON CONFLICT (key) DO NOTHING RETURNING *`,
    [randomUUID(), def.key, def.name, JSON.stringify(def)],
  );
  return rows[0] ? toTrait(rows[0]) : null;
}

/** Replace the definition kept under `def.key` (its name follows). Null when there is no such trait. */
export async function updateComputedTrait(s: StateSession, def: ComputedTraitDefinition): Promise<SavedComputedTrait | null> {
  const rows = await s.query<Row>(
    'UPDATE computed_traits SET name = $2, definition = $3::text::jsonb, updated_at = now() WHERE key = $1 RETURNING *',
    [def.key, def.name, JSON.stringify(def)],
  );
  return rows[0] ? toTrait(rows[0]) : null;
}

/** False when there is none. */
export async function deleteComputedTrait(s: StateSession, key: string): Promise<boolean> {
  return (await s.exec('DELETE FROM computed_traits WHERE key = $1', [key])) > 0;
}
