import { createHmac, randomBytes } from 'node:crypto';
import type { StateStore } from '../state-store.js';
import { insertStateSettingIfAbsent, readStateSetting } from './settings.repo.js';

const KEY = 'project_salt';

/**
 * The project's secret salt (32 random bytes, made once and kept in the state store; every
 * process on one store reads the same). Keys hashes of personal data: PII hashed at ingest, the
 * suppression list, and the audit log's references to people.
 */
export async function projectSalt(store: StateStore): Promise<Buffer> {
  const stored = await readStateSetting(store, KEY);
  if (stored) return Buffer.from(stored, 'base64');
  await insertStateSettingIfAbsent(store, KEY, randomBytes(32).toString('base64'));
  // Two processes racing: the first insert wins and both read it back.
  return Buffer.from((await readStateSetting(store, KEY))!, 'base64');
}

/** A person as the audit log names them: `person:` and a keyed hash (no personal data, but the same person gives the same ref). */
export function personRef(salt: Buffer, personId: string): string {
  return `person:${createHmac('sha256', salt).update(personId, 'utf8').digest('hex').slice(0, 32)}`;
}
