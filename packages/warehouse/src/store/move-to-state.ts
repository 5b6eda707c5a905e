import { randomUUID } from 'node:crypto';
import { interventionOverridesSchema, touchpointRuleSchema, type JourneyNote } from '@trailmap/core';
import {
  catalogueRevision,
  insertImportAsIs,
  insertInterventionEstimateIfAbsent,
  insertJourneyNoteAsIs,
  insertStateSettingIfAbsent,
  legacyMoveDone,
  markLegacyMove,
  saveCatalogueEdits,
  type ImportRecord,
  type StateStore,
} from '@trailmap/state';
import type { SqlSession, Warehouse } from '../warehouse.js';
import { CATALOGUE_RULES_SETTING } from './rules-for.js';
import { readSetting, writeSetting } from './settings.js';
import { INTERVENTION_OVERRIDES_SETTING } from '../decide/interventions.js';

/** Names this warehouse in the state store's `legacy_moves` (several data directories may share one PostgreSQL). */
const SOURCE_ID_SETTING = 'state_source_id';
/** Settings that describe the warehouse itself and stay in it. */
const WAREHOUSE_SETTINGS = new Set(['touchpoint_rules', SOURCE_ID_SETTING]);

/** What moved from an older data directory's warehouse into the state store. */
export interface LegacyMove {
  source: string;
  settings: number;
  catalogueRules: number;
  interventionEstimates: number;
  notes: number;
  imports: number;
  /** Entries the state store already had, kept instead of the moved ones. */
  kept: string[];
}

/** Versions before the state store kept these in the warehouse; a warehouse that never had the table has nothing to move. */
async function legacyRows<T extends object>(db: SqlSession, sql: string): Promise<T[]> {
  try {
    return await db.query<T>(sql);
  } catch (e) {
    if (/does not exist|doesn't exist|UNKNOWN_TABLE|not found/i.test((e as Error).message)) return [];
    throw e;
  }
}

/** The warehouse's timestamp (a Date, or text in UTC without a zone) as ISO 8601. */
function iso(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  const t = String(v);
  return new Date(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(t) ? t : `${t.replace(' ', 'T')}Z`).toISOString();
}

type NoteRow = Omit<JourneyNote, 'createdAt' | 'updatedAt'> & { created_at: unknown; updated_at: unknown };
type ImportRow = { file_hash: string; file_name: string; format: string; imported_at: unknown; rows: number; accepted: number; quarantined: number; duplicates: number };

/** One record per file: the first import's counts, how many times it was imported. */
function importRecords(rows: readonly ImportRow[]): ImportRecord[] {
  const byHash = new Map<string, ImportRecord>();
  for (const r of [...rows].sort((a, b) => iso(a.imported_at).localeCompare(iso(b.imported_at)))) {
    const at = iso(r.imported_at);
    const seen = byHash.get(r.file_hash);
    if (seen) {
      seen.times += 1;
      seen.lastImportedAt = at;
      continue;
    }
    byHash.set(r.file_hash, { fileHash: r.file_hash, fileName: r.file_name, format: r.format, rows: Number(r.rows), accepted: Number(r.accepted), quarantined: Number(r.quarantined), duplicates: Number(r.duplicates), firstImportedAt: at, lastImportedAt: at, times: 1 });
  }
  return [...byHash.values()];
}

/**
 * Move what an older version kept in the warehouse (settings but the warehouse's own, catalogue
 * edits, intervention estimates, journey notes, the imports log) into the state store: one state
 * transaction that also writes a marker, so a process killed midway moves everything again at the
 * next start and a finished move is never repeated. The warehouse's tables are left as they were
 * (nothing is deleted); entries the state store already holds win. Null when there was nothing to move.
 */
export async function moveLegacyState(db: Warehouse, state: StateStore): Promise<LegacyMove | null> {
  const settings = (await legacyRows<{ key: string; value: string }>(db, 'SELECT key, value FROM settings')).filter((s) => !WAREHOUSE_SETTINGS.has(s.key));
  const notes = await legacyRows<NoteRow>(db, 'SELECT * FROM journey_notes');
  const imports = importRecords(await legacyRows<ImportRow>(db, 'SELECT * FROM imports'));
  if (settings.length + notes.length + imports.length === 0) return null;

  let source = await readSetting(db, SOURCE_ID_SETTING);
  if (source === null) {
    source = randomUUID();
    await writeSetting(db, SOURCE_ID_SETTING, source);
  }
  if (await legacyMoveDone(state, source)) return null;

  const move: LegacyMove = { source, settings: 0, catalogueRules: 0, interventionEstimates: 0, notes: 0, imports: 0, kept: [] };
  const done = await state.transaction(async (tx) => {
    // First: a second process moving the same source waits here for the first, then finds it done.
    if (!(await markLegacyMove(tx, source, {}))) return false;
    for (const { key, value } of settings) {
      if (key === CATALOGUE_RULES_SETTING) {
        const rules = touchpointRuleSchema.array().safeParse(JSON.parse(value));
        if (!rules.success) throw new Error(`the warehouse's ${CATALOGUE_RULES_SETTING} setting is not a valid rule list (${rules.error.issues[0]?.message}); nothing was moved`);
        if ((await catalogueRevision(tx)) === 0) {
          await saveCatalogueEdits(tx, rules.data);
          move.catalogueRules = rules.data.length;
        } else move.kept.push('catalogue edits (the state store has its own)');
      } else if (key === INTERVENTION_OVERRIDES_SETTING) {
        const all = interventionOverridesSchema.safeParse(JSON.parse(value));
        if (!all.success) throw new Error(`the warehouse's ${INTERVENTION_OVERRIDES_SETTING} setting is not valid (${all.error.issues[0]?.path.join('.')} ${all.error.issues[0]?.message}); nothing was moved`);
        for (const [id, estimate] of Object.entries(all.data)) {
          if (await insertInterventionEstimateIfAbsent(tx, id, estimate)) move.interventionEstimates++;
          else move.kept.push(`the estimates of ${id}`);
        }
      } else if (await insertStateSettingIfAbsent(tx, key, value)) move.settings++;
      else move.kept.push(`the setting ${key}`);
    }
    for (const r of notes) {
      const { created_at, updated_at, ...rest } = r;
      if (await insertJourneyNoteAsIs(tx, { ...rest, createdAt: iso(created_at), updatedAt: iso(updated_at) })) move.notes++;
    }
    for (const r of imports) if (await insertImportAsIs(tx, r)) move.imports++;
    const { source: _s, kept: _k, ...counts } = move;
    await tx.exec('UPDATE legacy_moves SET counts = $2::text::jsonb WHERE source = $1', [source, JSON.stringify(counts)]);
    return true;
  });
  return done ? move : null;
}
