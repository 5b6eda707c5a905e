import type { StateSession, StateStore } from '../state-store.js';

export interface StoredKeys {
  writeKey: string;
  readKey: string;
}

/** The API keys the state store holds, or null before the first start stored them. */
export async function readApiKeys(s: StateSession): Promise<StoredKeys | null> {
  const rows = await s.query<{ kind: string; key: string }>('SELECT kind, key FROM api_keys');
  const write = rows.find((r) => r.kind === 'write')?.key;
  const read = rows.find((r) => r.kind === 'read')?.key;
  return write && read ? { writeKey: write, readKey: read } : null;
}

/**
 * Store `keys` unless keys are stored already, then return what is stored and whether these were
 * stored now. Two processes starting at once on one PostgreSQL end with the same pair: the second
 * one's inserts wait on the first's rows and then insert nothing.
 */
export async function storeApiKeysOnce(store: StateStore, keys: StoredKeys): Promise<{ keys: StoredKeys; stored: boolean }> {
  return store.transaction(async (tx) => {
    let n = 0;
    n += await tx.exec(`INSERT INTO api_keys (kind, key) VALUES ('write', $1) ON CONFLICT (kind) DO NOTHING`, [keys.writeKey]);
    n += await tx.exec(`INSERT INTO api_keys (kind, key) VALUES ('read', $1) ON CONFLICT (kind) DO NOTHING`, [keys.readKey]);
    const now = await readApiKeys(tx);
    if (!now) throw new Error('the state store holds only one of the two API keys');
    return { keys: now, stored: n === 2 };
  });
}
