import type { StateSession } from '../state-store.js';

/** Put keyed hashes of identities on the suppression list (already there: kept as is); returns how many are new. */
export async function addSuppressions(s: StateSession, hashes: readonly string[], requestId: string): Promise<number> {
  if (hashes.length === 0) return 0;
  return s.exec(`INSERT INTO suppressions (id_hash, request_id) SELECT h, $2 FROM unnest($1::text[]) AS h ON CONFLICT (id_hash) DO NOTHING`, [[...hashes], requestId]);
}

/** Take hashes off the list; returns how many were on it. */
export async function removeSuppressions(s: StateSession, hashes: readonly string[]): Promise<number> {
  if (hashes.length === 0) return 0;
  return s.exec(`DELETE FROM suppressions WHERE id_hash = ANY($1::text[])`, [[...hashes]]);
}

/** Every suppressed hash (collection keeps them in memory). */
export async function suppressedHashes(s: StateSession): Promise<string[]> {
  return (await s.query<{ id_hash: string }>(`SELECT id_hash FROM suppressions`)).map((r) => r.id_hash);
}

/** Add to the count of events dropped at collection. */
export async function countSuppressedDrops(s: StateSession, n: number): Promise<void> {
  if (n > 0) await s.exec(`UPDATE suppression_drops SET dropped = dropped + $1 WHERE id = 1`, [n]);
}

export async function suppressedDropsTotal(s: StateSession): Promise<number> {
  const [r] = await s.query<{ dropped: string | number }>(`SELECT dropped FROM suppression_drops WHERE id = 1`);
  return Number(r?.dropped ?? 0);
}
