import type { StateSession } from '../state-store.js';

/** A project setting's text (JSON by convention), or null. */
export async function readStateSetting(s: StateSession, key: string): Promise<string | null> {
  const [row] = await s.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
  return row?.value ?? null;
}

/** Set a setting in one statement (no read first, so two writers never lose each other's row). */
export async function writeStateSetting(s: StateSession, key: string, value: string): Promise<void> {
  await s.exec('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()', [key, value]);
}

export async function listStateSettings(s: StateSession): Promise<Array<{ key: string; value: string }>> {
  return s.query('SELECT key, value FROM settings ORDER BY key');
}

/** Set a setting only if it has no value yet (a value moved in from elsewhere never replaces one here). */
export async function insertStateSettingIfAbsent(s: StateSession, key: string, value: string): Promise<boolean> {
  return (await s.exec('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value])) > 0;
}
