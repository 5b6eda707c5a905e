import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readApiKeys, storeApiKeysOnce, type StateStore } from '@trailmap/state';

export interface ApiKeys {
  writeKey: string;
  readKey: string;
}

const keysFileSchema = z.object({ writeKey: z.string().min(8), readKey: z.string().min(8) });

const newKey = (kind: string) => `tm_${kind}_${randomBytes(18).toString('base64url')}`;

function readKeysFile(file: string): ApiKeys | null {
  if (!existsSync(file)) return null;
  const parsed = keysFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: expected {"writeKey": "...", "readKey": "..."} (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

export interface LoadedKeys {
  keys: ApiKeys;
  /** New keys were generated now: print them once. */
  created: boolean;
  /** The copy in the data directory, for reading on the server (`keys.json`). */
  file: string;
  /** An older keys.json holding other keys, kept under this name (another data directory's, before it shared the state store). */
  replaced?: string;
}

/**
 * The API keys: from the environment, else the state store's (shared by every process on it).
 * On the first start they come from an older version's `<dataDir>/keys.json` if there is one,
 * else are generated; either way they are stored once in the state store (two processes
 * starting at once agree on one pair). `keys.json` is then rewritten (mode 0600) as a copy to
 * read them from on the server; the state store is what counts.
 */
export async function loadOrCreateKeys(state: StateStore, dataDir: string, fromEnv: Partial<ApiKeys>): Promise<LoadedKeys> {
  const file = join(dataDir, 'keys.json');
  const inFile = readKeysFile(file);
  let stored = await readApiKeys(state);
  let created = false;
  if (!stored) {
    const candidate = inFile ?? { writeKey: newKey('write'), readKey: newKey('read') };
    const r = await storeApiKeysOnce(state, candidate);
    stored = r.keys;
    created = r.stored && !inFile;
  }
  let replaced: string | undefined;
  if (!inFile || inFile.writeKey !== stored.writeKey || inFile.readKey !== stored.readKey) {
    if (inFile) {
      replaced = `${file}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(file, replaced);
    }
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  }
  const keys = { writeKey: fromEnv.writeKey ?? stored.writeKey, readKey: fromEnv.readKey ?? stored.readKey };
  if (keys.writeKey === keys.readKey) throw new Error('the write key and the read key must differ');
  return { keys, created, file, ...(replaced ? { replaced } : {}) };
}
