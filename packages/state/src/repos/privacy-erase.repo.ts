import type { StateStore } from '../state-store.js';

/** What the state store holds about a person: their ids (persons, identities) and texts that name them. */
export interface StatePersonRefs {
  personIds: readonly string[];
  /** Raw ids and emails: a journey note whose text contains one names the person. */
  texts: readonly string[];
}

/** Tables with a person_id column whose rows are the person's alone (journeys' runs, inputs, messages, inbox; service tasks). */
const PERSON_TABLES = ['segment_memberships', 'journey_runs', 'journey_inputs', 'journey_due', 'journey_messages', 'inbox_messages', 'service_tasks'] as const;

/**
 * The person's segment memberships (current and past), their journey runs, pending inputs,
 * messages and in-app inbox, their service tasks, and the journey notes naming them; returns the
 * rows per table.
 */
export async function erasePersonFromState(state: StateStore, refs: StatePersonRefs): Promise<Record<string, number>> {
  return state.transaction(async (tx) => {
    const out: Record<string, number> = {};
    for (const t of PERSON_TABLES) out[`state.${t}`] = refs.personIds.length ? await tx.exec(`DELETE FROM ${t} WHERE person_id = ANY($1::text[])`, [[...refs.personIds]]) : 0;
    const needles = [...refs.personIds, ...refs.texts].filter((t) => t.length > 0);
    out['state.journey_notes'] = needles.length ? await tx.exec(`DELETE FROM journey_notes WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS n WHERE strpos(text, n) > 0)`, [needles]) : 0;
    // Events on their way to the warehouse (message statuses, traits set) name the person by their ids.
    out['state.journey_outbound_events'] = needles.length ? await tx.exec(`DELETE FROM journey_outbound_events WHERE payload->>'userId' = ANY($1::text[]) OR payload->>'anonymousId' = ANY($1::text[])`, [needles]) : 0;
    return out;
  });
}

/** Personal rows leave dead tuples and WAL behind: tables holding them are rewritten. */
const TABLES_WITH_PEOPLE = [...PERSON_TABLES, 'journey_notes', 'journey_outbound_events', 'privacy_requests'] as const;

/**
 * Make deleted rows' bytes leave the store's files: VACUUM FULL rewrites each table into a new file
 * (the old one is removed), and on the embedded store WAL segments are switched and checkpointed
 * until the segments that held the rows are removed (measured on PGlite 0.5: three rounds leave no
 * byte behind). A PostgreSQL server's WAL and its archives are the server's: they age out under its
 * own settings, which this cannot reach (said in the request's notes).
 */
export async function compactState(state: StateStore): Promise<string[]> {
  for (const t of TABLES_WITH_PEOPLE) await state.exec(`VACUUM FULL ${t}`);
  await state.exec('CHECKPOINT').catch(() => undefined);
  if (state.kind !== 'embedded') return ['the PostgreSQL server keeps deleted rows in its WAL (and any archive) until its own checkpoints and retention recycle them'];
  for (let i = 0; i < 3; i++) {
    await state.query('SELECT pg_switch_wal()');
    await state.exec('CHECKPOINT');
  }
  return [];
}
