import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { createFirstApiKeys, type StateStore } from '@trailmap/state';
import { hashKeySecret, keyPrefix, newKeyId, newKeySecret } from './key-secret.js';

/** A write (scope collect) and a read (scope read) key secret, as given at start or made at the first one. */
export interface ApiKeys {
  writeKey?: string;
  readKey?: string;
}

const keysFileSchema = z.object({ writeKey: z.string().min(8), readKey: z.string().min(8) });

function readKeysFile(file: string): { writeKey: string; readKey: string } | null {
  if (!existsSync(file)) return null;
  const parsed = keysFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: expected {"writeKey": "...", "readKey": "..."} (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

export interface LoadedKeys {
  /** The secrets of the first keys, made by this start: print them once. Null when keys existed. */
  created: { writeKey: string; readKey: string } | null;
  /** Where the first keys' secrets were written once (mode 0600) for the operator: `<dataDir>/keys.json`. */
  file: string;
  /** An older version's keys.json whose two keys were stored now (hashed) as the first keys. */
  movedIn: boolean;
}

/**
 * The first keys. The state store keeps keys hashed only; when it holds none (the first start), a
 * write key (scope collect) and a read key (scope read) are made — or an older version's
 * `<dataDir>/keys.json` pair is taken — and stored once (two processes starting at once on one
 * PostgreSQL make one pair). Only the process that made new keys writes them to `keys.json`
 * (mode 0600), once, as the operator's copy of secrets shown only then; nothing reads it later,
 * and it is never rewritten: rotate or revoke with `trailmap keys`, and delete the file once the
 * keys are copied. Keys from the environment are stored by the Authorizer (see authorizer.ts).
 */
export async function loadOrCreateKeys(state: StateStore, dataDir: string): Promise<LoadedKeys> {
  const file = join(dataDir, 'keys.json');
  const inFile = readKeysFile(file);
  const pair = inFile ?? { writeKey: newKeySecret(['collect']), readKey: newKeySecret(['read']) };
  const stored = await createFirstApiKeys(state, () => [
    { id: newKeyId(), name: 'write', prefix: keyPrefix(pair.writeKey), hash: hashKeySecret(pair.writeKey), scopes: ['collect'] },
    { id: newKeyId(), name: 'read', prefix: keyPrefix(pair.readKey), hash: hashKeySecret(pair.readKey), scopes: ['read'] },
  ]);
  if (stored && !inFile) {
    writeFileSync(file, JSON.stringify({ ...pair, note: 'written once at the first start; the state store keeps only hashes. Copy these, then delete this file.' }, null, 2) + '\n', { mode: 0o600 });
    return { created: pair, file, movedIn: false };
  }
  return { created: null, file, movedIn: stored && inFile !== null };
}
