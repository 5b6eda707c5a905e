import { join, resolve } from 'node:path';

/** Where the state store lives: PGlite files in the data directory, or a PostgreSQL server. */
export type StateLocation = { kind: 'embedded'; dir: string } | { kind: 'postgres'; url: string };

/** The accepted spellings of TRAILMAP_STATE (checked once, by the app config schema). */
export const STATE_SETTING_HINT = 'TRAILMAP_STATE must be `embedded` (the default: files in <data dir>/state) or a PostgreSQL URL postgres://user:password@host:5432/database';

/** A problem with the setting, or null when it can be used. */
export function stateSettingIssue(setting: string): string | null {
  if (setting === 'embedded') return null;
  let url: URL;
  try {
    url = new URL(setting);
  } catch {
    return STATE_SETTING_HINT;
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return STATE_SETTING_HINT;
  if (!url.hostname && !url.searchParams.get('host')) return `${STATE_SETTING_HINT} (the URL names no host)`;
  return null;
}

/** The location a valid setting names; the embedded store is always `<dataDir>/state`. */
export function stateLocation(setting: string, dataDir: string): StateLocation {
  const issue = stateSettingIssue(setting);
  if (issue) throw new Error(issue);
  return setting === 'embedded' ? { kind: 'embedded', dir: join(resolve(dataDir), 'state') } : { kind: 'postgres', url: setting };
}

/** The URL as it may be printed or logged: the password replaced by `***`. */
export function redactStateUrl(setting: string): string {
  try {
    const url = new URL(setting);
    if (url.password) url.password = '***';
    for (const k of [...url.searchParams.keys()]) if (/^(password|sslpassword)$/i.test(k)) url.searchParams.set(k, '***');
    return url.toString();
  } catch {
    return '(not a URL)';
  }
}
