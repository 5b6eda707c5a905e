import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface ApiKeys {
  writeKey: string;
  readKey: string;
}

const keysFileSchema = z.object({ writeKey: z.string().min(8), readKey: z.string().min(8) });

const newKey = (kind: string) => `tm_${kind}_${randomBytes(18).toString('base64url')}`;

/**
 * Keys come from the environment, else from `<dataDir>/keys.json`, else are generated on first
 * start and stored there (mode 0600). `created` tells the caller to print them once.
 */
export function loadOrCreateKeys(dataDir: string, fromEnv: Partial<ApiKeys>): { keys: ApiKeys; created: boolean; file: string } {
  const file = join(dataDir, 'keys.json');
  let stored: ApiKeys | undefined;
  if (existsSync(file)) {
    const parsed = keysFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: expected {"writeKey": "...", "readKey": "..."} (${parsed.error.issues[0]?.message})`);
    stored = parsed.data;
  }
  let created = false;
  if (!stored) {
    stored = { writeKey: newKey('write'), readKey: newKey('read') };
    writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
    created = true;
  }
  const keys = { writeKey: fromEnv.writeKey ?? stored.writeKey, readKey: fromEnv.readKey ?? stored.readKey };
  if (keys.writeKey === keys.readKey) throw new Error('the write key and the read key must differ');
  return { keys, created, file };
}
