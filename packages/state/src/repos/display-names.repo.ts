import { DISPLAY_LANGS, displayNameSchema, emptyDisplayNames, type DisplayName, type DisplayNameEdit, type DisplayNames } from '@trailmap/core';
import type { StateSession } from '../state-store.js';

/** Display names live in the settings table, one row per touchpoint or persona: `display_name:<kind>:<name>`. */
const PREFIX = 'display_name:';
const keyOf = (kind: string, name: string) => `${PREFIX}${kind}:${name}`;

/** Every display name, by kind and stored name; a stored row that no longer parses is an error that says so. */
export async function listDisplayNames(s: StateSession): Promise<DisplayNames> {
  const rows = await s.query<{ key: string; value: string }>(`SELECT key, value FROM settings WHERE key LIKE $1 ORDER BY key`, [`${PREFIX}%`]);
  const out = emptyDisplayNames();
  for (const r of rows) {
    const rest = r.key.slice(PREFIX.length);
    const at = rest.indexOf(':');
    const kind = rest.slice(0, at);
    if (kind !== 'touchpoint' && kind !== 'persona') continue;
    const parsed = displayNameSchema.safeParse(JSON.parse(r.value));
    if (!parsed.success) throw new Error(`the stored display name ${JSON.stringify(r.key)} is not valid: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`);
    if (Object.keys(parsed.data).length > 0) out[kind][rest.slice(at + 1)] = parsed.data;
  }
  return out;
}

/**
 * Apply an edit to one name's labels in one statement (`jsonb ||` then `-` on its row, as
 * `applyDisplayNameEdit` does): two processes editing different languages or names both keep
 * their change. Returns the labels after the edit.
 */
export async function editDisplayName(s: StateSession, edit: DisplayNameEdit): Promise<DisplayName> {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const lang of DISPLAY_LANGS) {
    const v = edit[lang];
    if (v === undefined) continue;
    if (v === null || v === '') remove.push(lang);
    else set[lang] = v;
  }
  const [row] = await s.query<{ value: string }>(
    `INSERT INTO settings (key, value) VALUES ($1, ($2::text::jsonb - ARRAY(SELECT jsonb_array_elements_text($3::text::jsonb)))::text)
     ON CONFLICT (key) DO UPDATE SET value = ((settings.value::jsonb || $2::text::jsonb) - ARRAY(SELECT jsonb_array_elements_text($3::text::jsonb)))::text, updated_at = now()
     RETURNING value`,
    [keyOf(edit.kind, edit.name), JSON.stringify(set), JSON.stringify(remove)],
  );
  return displayNameSchema.parse(JSON.parse(row!.value));
}
