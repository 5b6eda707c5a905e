import { touchpointRuleSchema, type TouchpointRule } from '@trailmap/core';
import type { StateSession } from '../state-store.js';

export interface CatalogueEdits {
  /** Goes up by one with every save; 0 = never edited. */
  revision: number;
  rules: TouchpointRule[];
}

/** The revision alone: what a process checks before using the rules it cached. */
export async function catalogueRevision(s: StateSession): Promise<number> {
  const [row] = await s.query<{ revision: number }>('SELECT revision FROM catalogue_edits WHERE id = 1');
  return row?.revision ?? 0;
}

/** The rules edited in the app; stored rules that no longer parse are an error that says so. */
export async function loadCatalogueEdits(s: StateSession): Promise<CatalogueEdits> {
  const [row] = await s.query<{ revision: number; rules: unknown }>('SELECT revision, rules FROM catalogue_edits WHERE id = 1');
  if (!row) return { revision: 0, rules: [] };
  const parsed = touchpointRuleSchema.array().safeParse(row.rules);
  if (!parsed.success) throw new Error(`the stored catalogue edits (revision ${row.revision}) are not a valid rule list: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
  return { revision: row.revision, rules: parsed.data };
}

/** Replace the edited rules; returns the new revision (the update is one statement: no edit is lost between two). */
export async function saveCatalogueEdits(s: StateSession, rules: readonly TouchpointRule[]): Promise<number> {
  const [row] = await s.query<{ revision: number }>(
    'UPDATE catalogue_edits SET rules = $1::text::jsonb, revision = revision + 1, updated_at = now() WHERE id = 1 RETURNING revision',
    [JSON.stringify(rules)],
  );
  if (!row) throw new Error('the state store has no catalogue_edits row (its migrations did not run)');
  return row.revision;
}
